"""Rows of who discharges and where: enterprises, their sites, facilities, outlets, devices and the flows between
them."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    Field,
    model_validator,
)

from graph import codes
from graph.model.base import (
    SITE,
    Day,
    ManagementClass,
    Medium,
    OutletKind,
    Ref,
    Row,
    Sited,
    Uscc,
    _code_kind,
    owner_key,
    site_key,
    split_owner,
)


class Discharger(Row):
    """What an enterprise and a discharge site state alike, declared once for both: name, address, district,
    industry, management class, position, and the flag of a USCC failing its check digit."""

    USCC_FIELD: ClassVar[str] = "uscc"  # the field holding the USCC its flag checks
    name: str = Field(min_length=1, description="Name 单位名称: the company's registered name, or the site's.")
    address: str = Field(default="", description="Address 生产经营场所地址.")
    region_code: str = Field(pattern=codes.REGION_RE.pattern, description="County-level division code 行政区划代码.")
    # GB/T 4754 at any level; an industry the bundled table does not hold is kept as given (industry_name) and
    # flagged (industry_problem), never a reason to drop the enterprise
    industry_code: str | None = Field(
        default=None,
        pattern=codes.INDUSTRY_RE.pattern,
        description="Industry code 行业类别代码 (GB/T 4754: class, group or division); null when the source's "
        "industry is not in the bundled table (see industryName, industryProblem).",
    )
    industry_name: str = Field(default="", description="The industry as the source gave it, when unresolved.")
    industry_problem: str | None = Field(default=None, description="Why the industry is unresolved 行业未识别.")
    management_class: ManagementClass = Field(
        description="Permit management class 管理类别: key 重点管理 / simplified 简化管理 / registration 登记管理."
    )
    longitude: float | None = Field(default=None, ge=73, le=136, description="Longitude 经度 (WGS 84).")
    latitude: float | None = Field(default=None, ge=3, le=54, description="Latitude 纬度 (WGS 84).")
    # kept and flagged, never dropped (DOMAIN.md §7)
    uscc_problem: str | None = Field(
        default=None,
        description="Why the USCC fails its check digits 校验问题 (kept and flagged, never dropped); null when valid.",
    )

    @model_validator(mode="before")
    @classmethod
    def _flag_uscc(cls, data: Any) -> Any:
        data = split_owner(data) if cls.USCC_FIELD == "enterprise_uscc" else data
        if isinstance(data, dict) and "uscc_problem" not in data and isinstance(data.get(cls.USCC_FIELD), str):
            data = {**data, "uscc_problem": codes.uscc_problem(data[cls.USCC_FIELD])}
        return data


class Enterprise(Discharger):
    NODE = "Enterprise"
    uscc: Uscc = Field(description="Unified social credit code 统一社会信用代码 (18 characters).")
    parent_uscc: Annotated[str | None, Ref("Enterprise")] = None


class Site(Discharger):
    """A discharge site 排污单位 of a company that runs several under one USCC: its own local source code
    (污染源编码), address, district, industry and permit. Its company (the Enterprise) is created from the first of
    its sites when no enterprise row states it, under `company_name` when a site row gives it."""

    NODE = "Site"
    USCC_FIELD: ClassVar[str] = "enterprise_uscc"
    enterprise_uscc: Uscc
    # the site's id in its source: a local source code, a sequence
    site: str = Field(
        min_length=1, max_length=60, description="Its id in the source 排污单位编号 (a local source code, a sequence)."
    )
    # 污染源编码, when it is not the site id itself
    source_code: str = Field(default="", description="Local pollution-source code 污染源编码, when not its id.")
    # the company's registered name when the source gives it apart from the site's: the company made from its sites
    # is named so, not after its first site (an enterprise row's name is never overwritten)
    company_name: str = ""

    @property
    def key(self) -> str:
        return owner_key(self.enterprise_uscc, self.site)


class ProductionFacility(Sited):
    NODE = "ProductionFacility"
    code: str = Field(min_length=1, description="Facility code 设施编码, unique within its enterprise.")
    name: str = Field(description="Name 设施名称.")
    capacity: str = Field(default="", description="Capacity 生产能力, as declared.")

    @property
    def key(self) -> str:
        return site_key(self.owner, self.code)


class TreatmentFacility(Sited):
    NODE = "TreatmentFacility"
    code: str = Field(
        min_length=1, description="Facility code 设施编码."
    )  # HJ 608 TA###/TW###, or a source's internal id
    name: str = Field(description="Name 设施名称.")
    technology: str = Field(default="", description="Treatment technology 治理工艺.")

    @property
    def key(self) -> str:
        return site_key(self.owner, self.code)


class Outlet(Sited):
    """An outlet 排放口, or a monitored place without an outlet code (`kind` fugitive or boundary). `code` is what
    it is keyed by: its HJ 608 code (DA001) when the source gives one, else its local code (FQ001, WS001, ZS001)
    or the place's id; `local_code` keeps a regional system's code beside the national one."""

    NODE = "Outlet"
    code: str = Field(
        min_length=1,
        max_length=60,
        description="Code 排放口编码, unique within its owner: the HJ 608 code when known, else the local code.",
    )
    name: str = Field(description="Name 排放口名称.")
    medium: Medium = Field(description="air 废气 / water 废水 / noise 噪声.")
    kind: OutletKind = Field(
        description="main 主要排放口 / general 一般排放口 / fugitive 无组织排放源 / boundary 厂界监测点."
    )
    longitude: float | None = Field(default=None, ge=73, le=136, description="Longitude 经度.")
    latitude: float | None = Field(default=None, ge=3, le=54, description="Latitude 纬度.")
    standard: str = Field(default="", description="Emission standard applied 执行标准.")
    destination: str = Field(default="", description="Discharge destination 排放去向.")
    local_code: str = Field(default="", description="Local code 地方编码 (e.g. FQ001).")
    auto_monitored: bool = False
    code_problem: str | None = Field(
        default=None,
        description="Why the code is kept as given 编码存疑: an HJ 608 code with a suffix of its own (DA008-2), which "
        "the source uses to tell outlets apart; null for a plain code.",
    )

    @model_validator(mode="before")
    @classmethod
    def _codes(cls, data: Any) -> Any:
        """A row with a local code only is keyed by it; a local code in `code` is its local code too; an HJ 608 code
        with a suffix is kept whole and flagged."""
        if isinstance(data, dict):
            code, local = data.get("code") or "", data.get("local_code") or ""
            suffixed = isinstance(code, str) and codes.SUFFIXED_OUTLET_RE.match(code) is not None
            if not code and local:
                data = {**data, "code": local}
            elif code and not local and not codes.OUTLET_RE.match(code) and not suffixed:
                data = {**data, "local_code": code}
            if suffixed and "code_problem" not in data:
                data = {**data, "code_problem": "an HJ 608 code with a suffix, kept as given (not cut to its first 5)"}
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
    # HJ 212 MN: up to 24 letters, digits
    mn: str = Field(
        min_length=1,
        max_length=24,
        pattern=r"^[0-9A-Za-z]+$",
        description="Device code MN 设备唯一标识 (HJ 212, up to 24 characters).",
    )
    outlet_code: Annotated[str, Ref("Outlet", within="owner")]
    maker: str = Field(default="", description="Maker 生产厂家.")
    device_model: str = Field(default="", description="Model 设备型号.")
    installed_on: Day | None = Field(default=None, description="Installed 安装日期.")
    # the HJ 212 codes it sends
    pollutants: list[str] = Field(default_factory=list, description="HJ 212 codes it sends 监测因子.")


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
