"""Rows of what holds the discharge to account: permits and their limits, EIA approvals, hazardous waste,
monitoring, reports, enforcement and quotas."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from graph import codes
from graph.model.base import (
    PH,
    Basis,
    Day,
    DocRef,
    Frequency,
    ManagementClass,
    Method,
    NonNegative,
    ObservedDay,
    Owned,
    Owner,
    PermitEventKind,
    PermitRef,
    PermitStatus,
    Ref,
    ReportKind,
    Row,
    Sited,
    Uscc,
    check_window,
    measured_value_problem,
    owner_key,
    since_suffix,
    split_owner,
)


class Permit(Sited):
    NODE = "Permit"
    # HJ 608's 22 characters, or an older or local form (12 characters from a region letter …): kept as given and
    # flagged in number_problem, never rejected.
    number: str = Field(
        min_length=6, max_length=40, description="Permit number 许可证编号 (USCC + 3-digit sequence + P)."
    )
    management_class: ManagementClass = Field(description="key 重点管理 / simplified 简化管理 / registration 登记管理.")
    authority: str = Field(description="Issuing authority 发证机关.")
    issued_on: Day = Field(description="Date first issued 发证日期.")
    valid_from: Day = Field(description="Start of the current validity 有效期起.")
    valid_to: Day = Field(description="End of the current validity 有效期止.")
    status: PermitStatus = Field(description="valid 有效 / expired 过期 / revoked 撤销.")
    number_problem: str | None = Field(default=None, description="Why the number fails its checks (flagged, kept).")

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
    seq: int = Field(ge=1, description="Sequence 序号 within the permit's history.")
    kind: PermitEventKind = Field(description="issue 首次申请 / renewal 延续 / change 变更 / revocation 撤销.")
    date: Day = Field(description="Date 日期.")
    valid_from: Day | None = Field(default=None, description="Validity start set by this event.")
    valid_to: Day | None = Field(default=None, description="Validity end set by this event.")
    note: str = Field(default="", description="Note 备注.")

    @property
    def key(self) -> str:
        return f"{self.permit_number}#{self.seq}"


RANGES = frozenset({PH})  # pollutants whose limit is a range: a lower bound equal to the upper one is meant


def repeated_lower(data: Any) -> Any:
    """A lower limit equal to the upper one (outside a range like pH) is the source repeating its limit in the
    lower-limit column, which would make every compliant value a breach: the lower bound is dropped (never judged)
    and the row flagged in `bound_problem`."""
    if not isinstance(data, dict):
        return data
    low, high = data.get("concentration_min"), data.get("concentration_max")
    if low in (None, "") or high in (None, ""):
        return data
    try:
        low_value, same = float(low), float(low) == float(high)
    except (TypeError, ValueError):
        return data  # the fields' own validation says what is wrong
    if same and data.get("pollutant_code") not in RANGES:
        problem = f"lower limit {low_value:g} repeats the upper limit: not judged"
        return {**data, "concentration_min": None, "bound_problem": problem}
    return data


# When in the day or year a limit applies, where it is not all the time: noise limits by day 昼间 (06–22) and
# night 夜间 (22–06), and seasonal limits in the heating season 采暖季 (15 Nov – 15 Mar in the north) or outside it.
LimitPeriod = Literal["", "day", "night", "heating", "non_heating"]
PERIOD_WORDS = (
    "When the limit applies 时段: day 昼间 / night 夜间 (noise) / heating 采暖季 / non_heating 非采暖季; empty: always."
)


_NOISE_PERIODS = {"day": "Ld", "night": "Ln"}


def noise_period(data: Any) -> Any:
    """A noise limit by period judges that period's level: 等效声级 Leq by day is Ld, by night Ln (the values a
    boundary point reports), and an Ld or Ln limit is of its period."""
    if not isinstance(data, dict):
        return data
    code, period = data.get("pollutant_code"), data.get("period") or ""
    if code == "Leq" and period in _NOISE_PERIODS:
        return {**data, "pollutant_code": _NOISE_PERIODS[period]}
    if not period and (named := {v: k for k, v in _NOISE_PERIODS.items()}.get(str(code))) is not None:
        return {**data, "period": named}
    return data


def period_suffix(period: str) -> str:
    """The part of a limit's key its period adds (none for a limit that always applies)."""
    return f"@{period}" if period else ""


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
    bound_problem: str | None = None  # set by `repeated_lower`, never read from a file
    unit: str = ""
    basis: Basis = "daily"
    annual_amount_t: NonNegative | None = Field(default=None, description="Permitted annual amount 许可排放量 (t/a).")
    frequency: Frequency | None = None  # the self-monitoring the permit requires of this outlet and pollutant
    method: Method | None = Field(
        default=None,
        description="How the item is monitored 监测方式: auto 自动 (an automatic item makes its outlet automatically "
        "monitored) / manual 手工.",
    )
    period: LimitPeriod = Field(default="", description=PERIOD_WORDS)
    background: NonNegative | None = Field(default=None, description="Background level 背景值 (noise, dB(A)).")
    # When the limit applies, where the source says (a renewal's stricter limits from its effective date); else the
    # permit's validity. A limit with its own start is a version of its own (its key says from when).
    valid_from: Day | None = None
    valid_to: Day | None = None

    @property
    def key(self) -> str:
        since = since_suffix(self.valid_from)
        return (
            f"{self.permit_number}:{self.outlet_code or '*'}:{self.pollutant_code}:{self.basis}"
            f"{period_suffix(self.period)}{since}"
        )

    @model_validator(mode="before")
    @classmethod
    def _repeated_lower(cls, data: Any) -> Any:
        return repeated_lower(noise_period(data))

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
    pollutant_code: str = Field(pattern=codes.POLLUTANT_RE.pattern, description="HJ 212 pollutant code.")
    concentration_max: NonNegative | None = Field(
        default=None, description="Permitted concentration 许可排放浓度 (upper)."
    )
    concentration_min: NonNegative | None = Field(default=None, description="Lower bound of a range (pH 6–9).")
    # set by `repeated_lower`, never read from a file
    bound_problem: str | None = Field(
        default=None, description="Why the source's lower bound is not judged 下限未采用 (it repeats the upper limit)."
    )
    unit: str = Field(default="", description="Unit of the concentration (mg/m3, mg/L, dimensionless).")
    basis: Basis = Field(default="daily", description="Averaging basis 均值类型: hourly / daily / monthly.")
    # the self-monitoring it requires (自行监测方案)
    frequency: Frequency | None = Field(
        default=None,
        description="Self-monitoring required 监测频次, as an ISO 8601 period between samples (1次/季 → P3M, "
        "1次/日 → P1D) or continuous (自动监测); the check finds each period without a value (monitoring_gap).",
    )
    method: Method | None = Field(default=None, description="How the item is monitored 监测方式: auto / manual.")
    period: LimitPeriod = Field(default="", description=PERIOD_WORDS)
    background: NonNegative | None = Field(default=None, description="Background level 背景值 (noise, dB(A)).")
    valid_from: Day | None = Field(default=None, description="In force from 生效日期 (else the permit's validity).")
    valid_to: Day | None = Field(default=None, description="In force until (else the permit's validity).")

    def _set_by(self) -> str:
        raise NotImplementedError

    @property
    def key(self) -> str:
        since = since_suffix(self.valid_from)
        period = period_suffix(self.period)
        return f"{self._set_by()}|{self.owner}:{self.outlet_code}:{self.pollutant_code}:{self.basis}{period}{since}"

    @model_validator(mode="before")
    @classmethod
    def _repeated_lower(cls, data: Any) -> Any:
        return repeated_lower(noise_period(split_owner(data)))

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
    # its code as written: GB 13223-2011, DB31/933-2015
    standard: str = Field(min_length=2, max_length=60, description="The emission standard 执行标准 (GB 13223-2011 …).")
    clause: str = Field(default="", description="The standard's table or clause 条款.")  # the table or clause 表1 / 4.1

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


class HazardousWasteLicence(Row):
    NODE = "HazardousWasteLicence"
    number: str = Field(min_length=4, description="Licence number 许可证编号.")
    holder_uscc: Owner
    authority: str = Field(description="Issuing authority 发证机关.")
    categories: list[str] = Field(
        default_factory=list,
        description="Waste categories covered 核准经营类别 (HW01…HW50); empty when the licence's list is not "
        "published (see categoriesProblem).",
    )
    methods: list[str] = Field(
        description="Methods 经营方式: the common ones 收集 / 贮存 / 利用 / 处置 named so, any other (焚烧处置, "
        "综合利用) as the licence words it."
    )
    scale_tpa: NonNegative = Field(description="Approved scale 经营规模 (t/a; a source's 万吨 or kg converted).")
    valid_from: Day = Field(description="Validity start.")
    valid_to: Day = Field(description="Validity end.")
    categories_problem: str | None = Field(
        default=None,
        description="Why the categories are not judged 类别未公开: the licence's list is not published, so a transfer "
        "to it is judged on the licence's validity alone.",
    )

    @field_validator("categories")
    @classmethod
    def _categories(cls, value: list[str]) -> list[str]:
        bad = [
            c for c in value if not (len(c) == 4 and c.startswith("HW") and c[2:].isdigit() and 1 <= int(c[2:]) <= 50)
        ]
        if bad:
            raise ValueError(f"hazardous-waste categories are HW01–HW50; found {', '.join(bad)}")
        return value

    @field_validator("methods")
    @classmethod
    def _methods(cls, value: list[str]) -> list[str]:
        methods = list(dict.fromkeys(m.strip() for m in value if m.strip()))
        if not methods:
            raise ValueError("at least one method 经营方式 (收集, 贮存, 利用, 处置, …)")
        return methods

    @model_validator(mode="before")
    @classmethod
    def _unpublished(cls, data: Any) -> Any:
        """No categories given: the list is not published (kept, flagged), not a licence for nothing."""
        if isinstance(data, dict) and not data.get("categories"):
            data = {**data, "categories": []}
            data.setdefault("categories_problem", "the licence's categories are not published: judged on validity")
        return data


class WasteTransfer(Row):
    NODE = "WasteTransfer"
    manifest_no: str = Field(description="Manifest number 联单编号.")
    from_uscc: Owner
    to_uscc: Owner
    waste_code: str = Field(pattern=r"^\d{3}-\d{3}-\d{2}$", description="Waste code 废物代码 (e.g. 900-041-49).")
    amount_t: NonNegative = Field(description="Amount 转移量 (t).")
    date: Day = Field(description="Date 转移日期.")

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
    period: str = Field(
        pattern=r"^\d{4}(Q[1-4]|M(0[1-9]|1[0-2]))?$", description="Period 报告周期: 2024, 2024Q1 or 2024M01."
    )
    kind: ReportKind = Field(description="annual 年报 / quarterly 季报 / monthly 月报.")
    due_on: Day = Field(description="Due date 应提交日期.")
    submitted_on: Day | None = Field(default=None, description="Date submitted 提交日期 (null: not submitted).")

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
    date: Day = Field(description="Date 检查日期.")
    authority: str = Field(description="Inspecting authority 执法机关.")
    kind: str = Field(description="Kind 检查类型 (e.g. 双随机, 专项).")
    result: str = Field(description="Result 检查结果.")


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
    article: str = Field(description="Article 条款 of 排污许可管理条例 breached.")
    type: str = Field(description="Violation type 违法类型, e.g. 超过许可排放浓度排放.")
    date: Day = Field(description="Date 日期.")
    description: str = Field(default="", description="Description 违法事实.")
    site: str = ""

    @field_validator("article")
    @classmethod
    def _article(cls, value: str) -> str:
        if value not in ARTICLES:
            raise ValueError(f"article must be one of {', '.join(ARTICLES)} of 排污许可管理条例; found {value}")
        return value


class Penalty(Row):
    NODE = "Penalty"
    decision_number: str = Field(description="Decision number 处罚决定书文号.")
    violation_id: Annotated[str, Ref("Violation")]
    authority: str = Field(description="Authority 处罚机关.")
    date: Day = Field(description="Date 决定日期.")
    amount_yuan: NonNegative = Field(description="Fine 罚款金额 (yuan 元).")


class Quota(Row):
    """A total-amount control quota 总量控制指标: tonnes of one pollutant that a region (at any level) or one
    enterprise may emit in a year. Exactly one of `region_code` and `enterprise_uscc` names what it caps."""

    NODE = "Quota"
    id: str = Field(min_length=1)  # the platform's quota id, or the allocating document's number
    year: int = Field(ge=2000, le=2100, description="Year 年度.")
    pollutant_code: str = Field(pattern=codes.POLLUTANT_RE.pattern, description="HJ 212 pollutant code 污染物编码.")
    amount_t: NonNegative = Field(description="Allocated amount 核定总量 (t/a), before any trade.")
    region_code: str | None = Field(
        default=None, pattern=codes.REGION_RE.pattern, description="Region capped 行政区划代码 (regional quotas)."
    )
    enterprise_uscc: Annotated[str | None, Ref("Enterprise")] = Field(default=None, min_length=18, max_length=18)
    authority: str = Field(default="", description="Allocating authority 核定机关.")
    document: str = Field(default="", description="Allocating document 总量指标文件.")  # 总量指标文件 / 排污权核定文件

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
    year: int = Field(ge=2000, le=2100, description="Quota year 指标年度.")
    pollutant_code: str = Field(pattern=codes.POLLUTANT_RE.pattern, description="HJ 212 pollutant code 污染物编码.")
    amount_t: float = Field(gt=0, description="Amount traded 交易量 (t/a).")
    date: Day = Field(description="Date 交易日期.")
    price_yuan: NonNegative | None = Field(default=None, description="Price 成交金额 (yuan 元).")

    @model_validator(mode="after")
    def _two_parties(self) -> QuotaTrade:
        if self.seller_uscc == self.buyer_uscc:
            raise ValueError(
                f"a trade moves quota between two enterprises; seller and buyer are both {self.seller_uscc}"
            )
        return self
