"""The rows' foundation: the base row, references (`Ref`), owners and keys, and the value types and checks the
rows share."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    model_validator,
)

from graph import codes

ManagementClass = Literal["key", "simplified", "registration"]
Medium = Literal["air", "water", "noise"]
# main 主要排放口 / general 一般排放口; and monitored places without an outlet code: a fugitive-emission source 无组织
# 排放源 (a tank farm, a stockpile) and a boundary point 厂界监测点 (noise, or fugitive air at the fence line).
OutletKind = Literal["main", "general", "fugitive", "boundary"]
OUTLET_KINDS = ("main", "general")  # the places that are outlets proper (treatment before them is expected)
PermitStatus = Literal["valid", "expired", "revoked"]
PermitEventKind = Literal["issue", "renewal", "change", "revocation"]
Basis = Literal["instantaneous", "hourly", "daily", "monthly"]  # 瞬时 / 小时均值 / 日均值 / 月均值
Method = Literal["auto", "manual"]
# A self-monitoring frequency 监测频次 as the loaders write it (loaders.normalise.canonical_period): the ISO 8601
# period between samples (1次/季 → P3M, 1次/日 → P1D, 2次/日 → PT12H), or continuous (自动监测).
Frequency = Annotated[str, Field(pattern=r"^(continuous|P\d+[DWMY]|PT\d+H)$")]
ReportKind = Literal["annual", "quarterly", "monthly"]

NonNegative = Annotated[float, Field(ge=0)]
Uscc = Annotated[str, Field(min_length=18, max_length=18)]


@dataclass(frozen=True)
class Ref:
    """Marks a row field that names another node, for the loaders' reference checks: the node's label (or SITE:
    the facility or outlet its code prefix says) and, for codes unique only within something else, the field or
    property naming that (the key is then "<within>:<value>", as `site_key` makes it)."""

    label: str
    within: str | None = None
    sep: str = ":"


SITE = "<site by code prefix>"
Owner = Annotated[Uscc, Ref("Enterprise")]  # the enterprise a row belongs to
PermitRef = Annotated[str, Ref("Permit")]
DocRef = Annotated[str, Ref("EIAApproval")]

# Dates a record can carry: from the founding of the PRC to the end of this century. 9999-12-31 ("never
# expires" in some exports) or 0001-01-01 (an empty date cell) are not dates of a permit, a sample or an order.
EARLIEST, LATEST = dt.date(1949, 10, 1), dt.date(2099, 12, 31)
PH = "w01001"  # HJ 212 code of pH: a value on the 0–14 scale, not a concentration
CEILINGS = {PH: 14.0}  # the largest value a monitored parameter can take (concentrations have none)


def sane_day(value: dt.date) -> dt.date:
    if not EARLIEST <= value <= LATEST:
        raise ValueError(f"a date between {EARLIEST} and {LATEST}")
    return value


def last_observed_day() -> dt.date:
    """The last day a measurement may carry: tomorrow (time zones aside, a value from the future is a typo in the
    year), within the window."""
    return min(LATEST, dt.date.today() + dt.timedelta(days=1))


def observed_day(value: dt.date) -> dt.date:
    """A day something was measured: within the window, and not after `last_observed_day`."""
    sane_day(value)
    if value > (last := last_observed_day()):
        raise ValueError(f"a day that has come (not after {last})")
    return value


def check_window(valid_from: dt.date | None, valid_to: dt.date | None) -> None:
    """A validity window ends on or after its start (either end may be open)."""
    if valid_from and valid_to and valid_to < valid_from:
        raise ValueError(f"valid_to {valid_to} is before valid_from {valid_from}")


def since_suffix(valid_from: dt.date | None) -> str:
    """What a limit's key adds for a limit with a start of its own: "@<date>" (a version of its own)."""
    return f"@{valid_from}" if valid_from else ""


Day = Annotated[dt.date, AfterValidator(sane_day)]
ObservedDay = Annotated[dt.date, AfterValidator(observed_day)]


def measured_value_problem(pollutant: str, value: float) -> str | None:
    """Why a monitored value is no value at all (None when it is one): not a finite number. `pollutant` is kept for
    the callers' symmetry with `implausible_value`."""
    return None if math.isfinite(value) else "a finite number"


def implausible_value(pollutant: str, value: float) -> str | None:
    """Why a monitored number cannot be what was measured (None when it can): negative (a concentration, a flow or
    a count never is), or above what the parameter can take (a pH above 14). Such a value loads as evidence of bad
    data, not as a measurement: it is kept beside the series, judges no limit, and `check` reports it
    (data_quality)."""
    if value < 0:
        return "negative"
    if value > CEILINGS.get(pollutant, math.inf):
        return f"above {CEILINGS[pollutant]:g}, the most a pH can be" if pollutant == PH else "above its ceiling"
    return None


class Row(BaseModel):
    """Base of every loadable row: frozen, no unknown fields, no infinite or NaN numbers."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)
    NODE: ClassVar[str | None] = None  # the label of the node a row states (its key field: the label's key)
    PARTIAL: ClassVar[bool] = False  # a row adding fields to a record others state (loaders/partial.py)

    def references(self) -> list[tuple[str, str, str]]:
        """(field, label, key) of every node the row names (its `Ref` fields; an empty one names none)."""
        refs = []
        for name, ref in refs_of(type(self)):
            value = getattr(self, name)
            if value:
                label = self.site_label_of(name, value) if ref.label == SITE else ref.label
                within = None if ref.within is None else getattr(self, ref.within)
                refs.append((name, label, value if within is None else f"{within}{ref.sep}{value}"))
        return refs

    # Fields whose value the source did not give and a mapping's `default` filled in: the node says so (`assumed`),
    # so that nobody takes an assumed permit status for a stated one.
    _assumed: tuple[str, ...] = PrivateAttr(default=())
    # Fields the source says nothing about (its mapping reads no column for them, a partial row leaves them
    # empty, or another source's value wins): not written, so a value another row stated stays.
    _silent: frozenset[str] = PrivateAttr(default=frozenset())

    @property
    def silent(self) -> frozenset[str]:
        return self._silent

    def props(self) -> dict[str, Any]:
        """The node's properties: dates stay dates (Neo4j DATE, so ranges compare natively, hence not
        mode="json"); an empty string becomes None, i.e. no property, as an empty cell means "no value". A
        silent field is left out: the write leaves what the graph holds there."""
        silent = self._silent
        props = {k: (None if v == "" else v) for k, v in self.model_dump(mode="python").items() if k not in silent}
        if self._assumed:
            props["assumed"] = list(self._assumed)
        return props

    def site_label_of(self, field_name: str, code: str) -> str:
        """The label of the facility or outlet a SITE reference names: by default, from its code's prefix."""
        return site_label(code)

    def assuming(self, fields: tuple[str, ...]) -> Row:
        """This row, noting that `fields` hold assumed values."""
        self._assumed = fields
        return self

    def silencing(self, fields: frozenset[str]) -> Row:
        """This row, saying nothing about `fields` besides those it said nothing about already."""
        self._silent = self._silent | fields if self._silent else fields
        return self


def node_rows() -> tuple[type[Row], ...]:
    """Every row model of this module stating a node (its NODE), in the order they are declared."""

    def below(cls: type[Row]) -> list[type[Row]]:
        return [t for sub in cls.__subclasses__() for t in (sub, *below(sub))]

    return tuple(dict.fromkeys(cls for cls in below(Row) if cls.NODE and cls.__module__.startswith("graph.model")))


@cache
def refs_of(model: type[Row]) -> tuple[tuple[str, Ref], ...]:
    """(field, Ref) of every row field naming another node."""
    return tuple(
        (name, ref) for name, info in model.model_fields.items() for ref in info.metadata if isinstance(ref, Ref)
    )


def site_key(owner: str, code: str) -> str:
    """Natural key of a facility or outlet: codes are unique only within their owner (see `owner_key`)."""
    return f"{owner}:{code}"


def owner_key(uscc: str, site: str = "") -> str:
    """What owns facilities, outlets and a permit: the enterprise (its USCC) or one of its sites ("<USCC>/<site>")."""
    return f"{uscc}/{site}" if site else uscc


def split_owner(data: Any, field_name: str = "enterprise_uscc") -> Any:
    """A row's raw values with an owner given as a site key ("<USCC>/<site>", what a `via = "sites"` join gives)
    split into the USCC and the site."""
    if isinstance(data, dict) and isinstance(owner := data.get(field_name), str) and "/" in owner:
        uscc, site = owner.split("/", 1)
        if data.get("site") in (None, "", site):
            data = {**data, field_name: uscc, "site": site}
    return data


SiteRef = Annotated[str, Ref("Site", within="enterprise_uscc", sep="/")]


class Owned(Row):
    """A row of an enterprise or of one of its sites: its `enterprise_uscc` and `site` fields name the owner, and a
    site key given as the USCC ("<USCC>/<site>") is split into both."""

    if TYPE_CHECKING:  # the fields each subclass declares (with its own annotations and order)
        enterprise_uscc: str
        site: str

    @model_validator(mode="before")
    @classmethod
    def _split_owner(cls, data: Any) -> Any:
        return split_owner(data)

    @property
    def owner(self) -> str:
        return owner_key(str(self.enterprise_uscc), str(self.site))


class Sited(Owned):
    """A row that belongs to an enterprise or to one of its sites (`site`: the site's id, empty for the
    enterprise itself — the single-site case)."""

    enterprise_uscc: Owner
    site: SiteRef = ""


def site_label(code: str) -> str:
    """The label of a facility or outlet, from its code's prefix."""
    return {"outlet": "Outlet", "treatment": "TreatmentFacility"}.get(_code_kind(code), "ProductionFacility")


def _code_kind(code: str) -> str:
    if codes.OUTLET_RE.match(code):
        return "outlet"
    if codes.TREATMENT_RE.match(code):
        return "treatment"
    return "production"
