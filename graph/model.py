"""The domain as pydantic rows: the source of truth the loaders validate into and the GraphQL layer reads.

Each row has a natural key (`key`) that names its node for good, so that loading a source twice never
duplicates anything. Node keys: Enterprise.uscc, Permit.number, EIAApproval.doc_number, Pollutant.code,
HazardousWasteLicence.number, Penalty.decision_number; facilities and outlets are keyed by
"<owner>:<code>" because their codes (MF0001, TA001, DA001) are only unique within their owner: the enterprise
(USCC), or one of its discharge sites ("<USCC>/<site>") when a company runs several (排污单位, each with its permit).
"""

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
    ValidationInfo,
    field_validator,
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

    def props(self) -> dict[str, Any]:
        """The node's properties: dates stay dates (Neo4j DATE, so ranges compare natively, hence not
        mode="json"); an empty string becomes None, i.e. no property, as an empty cell means "no value"."""
        props = {k: (None if v == "" else v) for k, v in self.model_dump(mode="python").items()}
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


def node_rows() -> tuple[type[Row], ...]:
    """Every row model of this module stating a node (its NODE), in the order they are declared."""

    def below(cls: type[Row]) -> list[type[Row]]:
        return [t for sub in cls.__subclasses__() for t in (sub, *below(sub))]

    return tuple(dict.fromkeys(cls for cls in below(Row) if cls.NODE and cls.__module__ == __name__))


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


class Enterprise(Row):
    NODE = "Enterprise"
    uscc: Uscc
    name: str = Field(min_length=1)
    address: str = ""
    region_code: str = Field(pattern=codes.REGION_RE.pattern)
    # GB/T 4754 at any level; an industry the bundled table does not hold is kept as given (industry_name) and
    # flagged (industry_problem), never a reason to drop the enterprise
    industry_code: str | None = Field(default=None, pattern=codes.INDUSTRY_RE.pattern)
    industry_name: str = ""
    industry_problem: str | None = None
    management_class: ManagementClass
    longitude: float | None = Field(default=None, ge=73, le=136)
    latitude: float | None = Field(default=None, ge=3, le=54)
    parent_uscc: Annotated[str | None, Ref("Enterprise")] = None
    uscc_problem: str | None = None  # kept and flagged, never dropped (DOMAIN.md §7)

    @model_validator(mode="before")
    @classmethod
    def _flag_uscc(cls, data: Any) -> Any:
        if isinstance(data, dict) and "uscc_problem" not in data and isinstance(data.get("uscc"), str):
            data = {**data, "uscc_problem": codes.uscc_problem(data["uscc"])}
        return data


class Site(Row):
    """A discharge site 排污单位 of a company that runs several under one USCC: its own local source code
    (污染源编码), address, district, industry and permit. Its company (the Enterprise) is created from the first of
    its sites when no enterprise row states it."""

    NODE = "Site"
    enterprise_uscc: Uscc
    site: str = Field(min_length=1, max_length=60)  # the site's id in its source: a local source code, a sequence
    name: str = Field(min_length=1)
    address: str = ""
    region_code: str = Field(pattern=codes.REGION_RE.pattern)
    # GB/T 4754 at any level; an industry the bundled table does not hold is kept as given (industry_name) and
    # flagged (industry_problem), never a reason to drop the enterprise
    industry_code: str | None = Field(default=None, pattern=codes.INDUSTRY_RE.pattern)
    industry_name: str = ""
    industry_problem: str | None = None
    management_class: ManagementClass
    source_code: str = ""  # 污染源编码, when it is not the site id itself
    longitude: float | None = Field(default=None, ge=73, le=136)
    latitude: float | None = Field(default=None, ge=3, le=54)
    uscc_problem: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _flag_uscc(cls, data: Any) -> Any:
        data = split_owner(data)
        if isinstance(data, dict) and "uscc_problem" not in data and isinstance(data.get("enterprise_uscc"), str):
            data = {**data, "uscc_problem": codes.uscc_problem(data["enterprise_uscc"])}
        return data

    @property
    def key(self) -> str:
        return owner_key(self.enterprise_uscc, self.site)


class ProductionFacility(Sited):
    NODE = "ProductionFacility"
    code: str = Field(min_length=1)
    name: str
    capacity: str = ""

    @property
    def key(self) -> str:
        return site_key(self.owner, self.code)


class TreatmentFacility(Sited):
    NODE = "TreatmentFacility"
    code: str = Field(min_length=1)  # HJ 608 TA###/TW###, or a source's internal id
    name: str
    technology: str = ""

    @property
    def key(self) -> str:
        return site_key(self.owner, self.code)


class Outlet(Sited):
    """An outlet 排放口, or a monitored place without an outlet code (`kind` fugitive or boundary). `code` is what
    it is keyed by: its HJ 608 code (DA001) when the source gives one, else its local code (FQ001, WS001, ZS001)
    or the place's id; `local_code` keeps a regional system's code beside the national one."""

    NODE = "Outlet"
    code: str = Field(min_length=1, max_length=60)
    name: str
    medium: Medium
    kind: OutletKind
    longitude: float | None = Field(default=None, ge=73, le=136)
    latitude: float | None = Field(default=None, ge=3, le=54)
    standard: str = ""
    destination: str = ""
    local_code: str = ""
    auto_monitored: bool = False

    @model_validator(mode="before")
    @classmethod
    def _codes(cls, data: Any) -> Any:
        """A row with a local code only is keyed by it; a local code in `code` is its local code too."""
        if isinstance(data, dict):
            code, local = data.get("code") or "", data.get("local_code") or ""
            if not code and local:
                data = {**data, "code": local}
            elif code and not local and not codes.OUTLET_RE.match(code):
                data = {**data, "local_code": code}
        return data

    @property
    def key(self) -> str:
        return site_key(self.owner, self.code)

    @property
    def national(self) -> bool:
        """Whether the outlet is keyed by its HJ 608 code."""
        return codes.OUTLET_RE.match(self.code) is not None


FlowEnd = Literal["production", "treatment", "outlet"]
_FLOWS = {("production", "treatment"), ("treatment", "treatment"), ("treatment", "outlet"), ("production", "outlet")}
_KIND_LABELS = {"production": "ProductionFacility", "treatment": "TreatmentFacility", "outlet": "Outlet"}


class Device(Sited):
    """A data-acquisition device 数据采集传输仪 (数采仪) of automatic monitoring: it sends an outlet's (or a monitored
    place's) values over HJ 212, identified by its MN code."""

    NODE = "Device"
    mn: str = Field(min_length=1, max_length=24, pattern=r"^[0-9A-Za-z]+$")  # HJ 212 MN: up to 24 letters, digits
    outlet_code: Annotated[str, Ref("Outlet", within="owner")]
    maker: str = ""
    device_model: str = ""
    installed_on: Day | None = None
    pollutants: list[str] = []  # the HJ 212 codes it sends


class Flow(Sited):
    """One link of the chain 生产设施→治污设施(→治污设施…)→排放口, between two facilities or outlets of one enterprise.

    What each end is comes from `from_kind`/`to_kind` when the source says (a treatment sheet naming the production
    facility it serves by an internal id); otherwise from the HJ 608 code prefix (MF…, TA…/TW…, DA…/DW…). Treatment
    facilities may be in series: treatment → treatment."""

    from_code: Annotated[str, Ref(SITE, within="owner")]
    to_code: Annotated[str, Ref(SITE, within="owner")]
    from_kind: FlowEnd | None = None
    to_kind: FlowEnd | None = None

    @property
    def kinds(self) -> tuple[str, str]:
        """(what the start is, what the end is): production, treatment or outlet."""
        return self.from_kind or _code_kind(self.from_code), self.to_kind or _code_kind(self.to_code)

    def site_label_of(self, field_name: str, code: str) -> str:
        return _KIND_LABELS[self.kinds[0] if field_name == "from_code" else self.kinds[1]]

    @model_validator(mode="after")
    def _check_direction(self) -> Flow:
        if self.kinds not in _FLOWS:
            raise ValueError(
                f"a flow goes production→treatment(→treatment)→outlet; found {self.kinds[0]} ({self.from_code}) → "
                f"{self.kinds[1]} ({self.to_code})"
            )
        if self.from_code == self.to_code:
            raise ValueError(f"a flow between two facilities; found {self.from_code} → itself")
        return self


def site_label(code: str) -> str:
    """The label of a facility or outlet, from its code's prefix."""
    return {"outlet": "Outlet", "treatment": "TreatmentFacility"}.get(_code_kind(code), "ProductionFacility")


def _code_kind(code: str) -> str:
    if codes.OUTLET_RE.match(code):
        return "outlet"
    if codes.TREATMENT_RE.match(code):
        return "treatment"
    return "production"


class Permit(Sited):
    NODE = "Permit"
    # HJ 608's 22 characters, or an older or local form (12 characters from a region letter …): kept as given and
    # flagged in number_problem, never rejected.
    number: str = Field(min_length=6, max_length=40)
    management_class: ManagementClass
    authority: str
    issued_on: Day
    valid_from: Day
    valid_to: Day
    status: PermitStatus
    number_problem: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _flag_number(cls, data: Any) -> Any:
        data = split_owner(data)
        if isinstance(data, dict) and "number_problem" not in data and isinstance(data.get("number"), str):
            data = {**data, "number_problem": codes.permit_problem(data["number"])}
        return data

    @model_validator(mode="after")
    def _window(self) -> Permit:
        check_window(self.valid_from, self.valid_to)
        return self


class PermitEvent(Row):
    """One step of a permit's history: first issue, renewal, change or revocation, with the window it set."""

    NODE = "PermitEvent"
    permit_number: PermitRef
    seq: int = Field(ge=1)
    kind: PermitEventKind
    date: Day
    valid_from: Day | None = None
    valid_to: Day | None = None
    note: str = ""

    @property
    def key(self) -> str:
        return f"{self.permit_number}#{self.seq}"


class PermitLimit(Row):
    """A permitted limit for one pollutant, at one outlet (outlet_code set) or enterprise-wide (empty)."""

    NODE = "PermitLimit"
    permit_number: PermitRef
    outlet_code: Annotated[str, Ref("Outlet", within="permit_owner")] = ""
    # the holder's USCC and site, when the permit number does not begin with the USCC (an older or local form) or
    # the holder runs several sites (the loaders take both from the permit's row)
    holder: str = ""
    site: str = ""
    pollutant_code: str = Field(pattern=codes.POLLUTANT_RE.pattern)
    concentration_max: NonNegative | None = None
    concentration_min: NonNegative | None = None  # lower bound of a range (pH 6–9)
    unit: str = ""
    basis: Basis = "daily"
    annual_amount_t: NonNegative | None = None
    frequency: Frequency | None = None  # the self-monitoring the permit requires of this outlet and pollutant
    # When the limit applies, where the source says (a renewal's stricter limits from its effective date); else the
    # permit's validity. A limit with its own start is a version of its own (its key says from when).
    valid_from: Day | None = None
    valid_to: Day | None = None

    @property
    def key(self) -> str:
        since = since_suffix(self.valid_from)
        return f"{self.permit_number}:{self.outlet_code or '*'}:{self.pollutant_code}:{self.basis}{since}"

    @model_validator(mode="after")
    def _window(self) -> PermitLimit:
        check_window(self.valid_from, self.valid_to)
        return self

    @property
    def permit_owner(self) -> str:
        """The holder: its USCC (a permit number's first 18 characters unless `holder` says), with the site."""
        return owner_key(self.holder or self.permit_number[:18], self.site)


class OwnLimit(Owned):
    """A limit set for one outlet (or monitored place) and pollutant by something other than a permit: an emission
    standard or an EIA approval. It is a limit node like a permit's (label PermitLimit, its `source` saying which)
    and judges values the same way: every limit in force that a value exceeds gives its own exceedance."""

    NODE = "PermitLimit"
    SOURCE: ClassVar[str]
    enterprise_uscc: Uscc
    site: str = ""
    outlet_code: Annotated[str, Ref("Outlet", within="owner")]
    pollutant_code: str = Field(pattern=codes.POLLUTANT_RE.pattern)
    concentration_max: NonNegative | None = None
    concentration_min: NonNegative | None = None
    unit: str = ""
    basis: Basis = "daily"
    frequency: Frequency | None = None  # the self-monitoring it requires (自行监测方案)
    valid_from: Day | None = None
    valid_to: Day | None = None

    def _set_by(self) -> str:
        raise NotImplementedError

    @property
    def key(self) -> str:
        since = since_suffix(self.valid_from)
        return f"{self._set_by()}|{self.owner}:{self.outlet_code}:{self.pollutant_code}:{self.basis}{since}"

    @model_validator(mode="after")
    def _bounds(self) -> OwnLimit:
        if self.concentration_max is None and self.concentration_min is None:
            raise ValueError(f"{self.SOURCE} limit states a concentration (upper, or lower bound of a range)")
        check_window(self.valid_from, self.valid_to)
        return self


class StandardLimit(OwnLimit):
    """A limit an emission standard 执行标准 sets, with no permit behind it: GB 13223-2011, GB 16297-1996,
    DB31/933-2015 …, from its effective date (`valid_from`; none: whenever)."""

    SOURCE = "a standard's"
    standard: str = Field(min_length=2, max_length=60)  # its code as written: GB 13223-2011, DB31/933-2015
    clause: str = ""  # the table or clause 表1 / 4.1

    def _set_by(self) -> str:
        return self.standard


class EIALimit(OwnLimit):
    """A limit an EIA approval 环评批复 sets for an outlet and pollutant (its 排放浓度 requirement), linked to the
    approval, from `valid_from` where given (none: whenever)."""

    SOURCE = "an EIA approval's"
    doc_number: DocRef

    def _set_by(self) -> str:
        return f"eia:{self.doc_number}"


class PermitEIA(Row):
    """The permit incorporates (carries) this EIA approval."""

    permit_number: PermitRef
    doc_number: DocRef


class EIAApproval(Sited):
    NODE = "EIAApproval"
    doc_number: str = Field(min_length=3)
    authority: str
    approved_on: Day
    project: str


class EIAFacility(Owned):
    doc_number: DocRef
    enterprise_uscc: Uscc
    facility_code: Annotated[str, Ref("ProductionFacility", within="owner")]
    site: str = ""


class EIAAmount(Row):
    doc_number: DocRef
    pollutant_code: str = Field(pattern=codes.POLLUTANT_RE.pattern)
    amount_t: NonNegative


class HazardousWasteLicence(Row):
    NODE = "HazardousWasteLicence"
    number: str = Field(min_length=4)
    holder_uscc: Owner
    authority: str
    categories: list[str]
    methods: list[Literal["收集", "贮存", "利用", "处置"]]
    scale_tpa: NonNegative
    valid_from: Day
    valid_to: Day

    @field_validator("categories")
    @classmethod
    def _categories(cls, value: list[str]) -> list[str]:
        bad = [
            c for c in value if not (len(c) == 4 and c.startswith("HW") and c[2:].isdigit() and 1 <= int(c[2:]) <= 50)
        ]
        if bad:
            raise ValueError(f"hazardous-waste categories are HW01–HW50; found {', '.join(bad)}")
        return value


class WasteTransfer(Row):
    NODE = "WasteTransfer"
    manifest_no: str
    from_uscc: Owner
    to_uscc: Owner
    waste_code: str = Field(pattern=r"^\d{3}-\d{3}-\d{2}$")
    amount_t: NonNegative
    date: Day

    @property
    def category(self) -> str:
        return "HW" + self.waste_code[-2:]


class Measurement(Owned):
    """One monitored value (a daily average from CEMS, or a manual sample)."""

    enterprise_uscc: Uscc
    outlet_code: Annotated[str, Ref("Outlet", within="owner")]
    pollutant_code: str = Field(pattern=codes.POLLUTANT_RE.pattern)
    date: ObservedDay
    value: float
    unit: str
    basis: Basis = "daily"
    method: Method = "auto"
    site: str = ""

    @field_validator("value")
    @classmethod
    def _possible(cls, value: float, info: ValidationInfo) -> float:
        if (problem := measured_value_problem(str(info.data.get("pollutant_code", "")), value)) is not None:
            raise ValueError(problem)
        return value


class ExecutionReport(Row):
    NODE = "ExecutionReport"
    permit_number: PermitRef
    period: str = Field(pattern=r"^\d{4}(Q[1-4]|M(0[1-9]|1[0-2]))?$")
    kind: ReportKind
    due_on: Day
    submitted_on: Day | None = None

    @property
    def key(self) -> str:
        return f"{self.permit_number}:{self.period}"


class ReportEmission(Row):
    permit_number: str
    period: Annotated[str, Ref("ExecutionReport", within="permit_number")]
    pollutant_code: str = Field(pattern=codes.POLLUTANT_RE.pattern)
    actual_t: NonNegative


class Inspection(Row):
    NODE = "Inspection"
    id: str
    enterprise_uscc: Owner
    date: Day
    authority: str
    kind: str
    result: str


# Articles of 排污许可管理条例 (Decree 736) that violations cite; DOMAIN.md §4.
ARTICLES = {
    "33": "无证排污/超期/撤销后排污",
    "34": "超标超总量排污/逃避监管",
    "35": "无组织排放未控制/特殊时段",
    "36": "未按证排污口/未自动监测/未自行监测",
    "37": "未建台账/未按时提交执行报告",
    "38": "按日连续处罚",
    "43": "未排污登记",
}


class Violation(Owned):
    NODE = "Violation"
    id: str
    enterprise_uscc: Owner
    inspection_id: Annotated[str, Ref("Inspection")] = ""
    permit_number: PermitRef = ""
    outlet_code: Annotated[str, Ref("Outlet", within="owner")] = ""
    pollutant_code: str = ""
    article: str
    type: str
    date: Day
    description: str = ""
    site: str = ""

    @field_validator("article")
    @classmethod
    def _article(cls, value: str) -> str:
        if value not in ARTICLES:
            raise ValueError(f"article must be one of {', '.join(ARTICLES)} of 排污许可管理条例; found {value}")
        return value


class Penalty(Row):
    NODE = "Penalty"
    decision_number: str
    violation_id: Annotated[str, Ref("Violation")]
    authority: str
    date: Day
    amount_yuan: NonNegative


class Quota(Row):
    """A total-amount control quota 总量控制指标: tonnes of one pollutant that a region (at any level) or one
    enterprise may emit in a year. Exactly one of `region_code` and `enterprise_uscc` names what it caps."""

    NODE = "Quota"
    id: str = Field(min_length=1)  # the platform's quota id, or the allocating document's number
    year: int = Field(ge=2000, le=2100)
    pollutant_code: str = Field(pattern=codes.POLLUTANT_RE.pattern)
    amount_t: NonNegative
    region_code: str | None = Field(default=None, pattern=codes.REGION_RE.pattern)
    enterprise_uscc: Annotated[str | None, Ref("Enterprise")] = Field(default=None, min_length=18, max_length=18)
    authority: str = ""
    document: str = ""  # 总量指标文件 / 排污权核定文件

    @model_validator(mode="after")
    def _one_holder(self) -> Quota:
        if (self.region_code is None) == (self.enterprise_uscc is None):
            found = "both" if self.region_code else "neither"
            raise ValueError(
                "a quota caps a region or an enterprise: fill exactly one of region_code and enterprise_uscc; "
                f"found {found}"
            )
        return self

    @property
    def scope(self) -> Literal["region", "enterprise"]:
        return "region" if self.region_code else "enterprise"


class QuotaTrade(Row):
    """An emissions-trading deal 排污权交易: quota of one pollutant and year moved from seller to buyer."""

    NODE = "QuotaTrade"
    id: str = Field(min_length=1)  # the trade's contract or platform number
    seller_uscc: Owner
    buyer_uscc: Owner
    year: int = Field(ge=2000, le=2100)
    pollutant_code: str = Field(pattern=codes.POLLUTANT_RE.pattern)
    amount_t: float = Field(gt=0)
    date: Day
    price_yuan: NonNegative | None = None

    @model_validator(mode="after")
    def _two_parties(self) -> QuotaTrade:
        if self.seller_uscc == self.buyer_uscc:
            raise ValueError(
                f"a trade moves quota between two enterprises; seller and buyer are both {self.seller_uscc}"
            )
        return self
