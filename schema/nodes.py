"""GraphQL types of the regulatory graph: every label of the model is a Node with its relationships as fields.

Types are thin: their data fields mirror the node properties written from the pydantic rows in `graph/model.py`
(the source of truth), and every relationship field goes through a per-request DataLoader over a named hop
query, so a request costs one round trip per query and level, however many objects it touches.
Descriptions are in English with the Chinese term.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import math
from typing import ClassVar, cast

import strawberry

from graph.records import Props, integer, maps, number, optional_number, props, text
from graph.relations import get_query_name
from schema.fields import After, Ctx, First, Node, hop_page, list_page, many, many_of, one, one_of
from schema.filters import ExceedanceSort, period_or_window, window_params
from schema.loaders import Page
from schema.pagination import Connection, connection, page

# A violation chain's parts and the one-hop queries they answer (see list_violation_chains_of_enterprises).
_CHAIN_HOPS = {
    "enterprise": "list_enterprises_of_violations",
    "inspection": "list_inspections_of_violations",
    "permit": "list_permits_of_violations",
    "clause": "list_clauses_of_violations",
    "outlet": "list_outlets_of_violations",
    "pollutant": "list_pollutants_of_violations",
    "penalties": "list_penalties_of_violations",
}


def _prime_chain(info: Ctx, violation: Props) -> None:
    chain = props(violation.get("_chain") or {})
    for part, query in _CHAIN_HOPS.items():
        info.context.loaders.prime(query, text(violation["id"]), maps(chain.get(part)))


def _compliance(limits: Page, exceedances: Page) -> bool | None:
    """An outlet keeps to its limits when it has no exceedance; null when it has no limit to keep to."""
    return None if limits[0] == 0 else exceedances[0] == 0


# --- code tables ----------------------------------------------------------------------------------------------
@strawberry.type(description="Administrative division 行政区划 (GB/T 2260): province, prefecture or county.")
class Region(Node):
    LABEL, KEY = "Region", "code"
    code: str = strawberry.field(description="Six-digit division code 行政区划代码, e.g. 130203.")
    name: str = strawberry.field(description="Name 名称.")
    level: str = strawberry.field(description="province 省 / prefecture 地市 / county 区县.")
    status: str | None = strawberry.field(
        description="current 现行; retired 已撤销 (old records carry it); statistical 统计用 (a statistics code "
        "outside GB/T 2260, e.g. a development zone)."
    )
    last_seen: int | None = strawberry.field(description="For a retired code: the last year it was listed.")

    parent = one("Region", "parents", "The division one level up 上级行政区划 (null for a province).")
    quotas = many("Region", "quotas", "Regional total-amount quotas 区域总量控制指标 capping it, newest year first.")
    findings = many_of(
        "Region",
        "list_findings_of_regions",
        "Finding",
        "Compliance findings 问题 about it as a whole (regional quotas), open first.",
    )


@strawberry.type(description="Industry class 国民经济行业分类 (GB/T 4754-2017).")
class Industry(Node):
    LABEL, KEY = "Industry", "code"
    code: str = strawberry.field(description="Code 行业代码: division (2 digits), group (3) or class (4).")
    name: str = strawberry.field(description="Name 行业名称.")
    level: str | None = strawberry.field(description="division 大类 / group 中类 / class 小类.")

    parent = one("Industry", "parents", "The class one level up 上级行业.")


@strawberry.type(description="Pollutant 污染物 (HJ 212 code).")
class Pollutant(Node):
    LABEL, KEY = "Pollutant", "code"
    code: str = strawberry.field(
        description="HJ 212-2017 pollutant code 污染物编码 (a21026 SO₂, a21026z its 折算 value, Leq noise), or a local "
        "code for a pollutant outside HJ 212 (xa001 臭气浓度; x + 6 hex digits: one a mapping declared)."
    )
    name: str = strawberry.field(description="Name 污染物名称.")
    medium: str | None = strawberry.field(description="air 废气 / water 废水 / noise 噪声.")
    unit: str | None = strawberry.field(description="The default unit HJ 212 transmits it in (informational).")
    local: bool | None = strawberry.field(description="True for a code outside HJ 212 (bundled or declared).")


# --- enterprises and facilities -------------------------------------------------------------------------------
@strawberry.type(description="Enterprise 排污单位: the permit holder, keyed by its USCC.")
class Enterprise(Node):
    LABEL, KEY = "Enterprise", "uscc"
    uscc: str = strawberry.field(description="Unified social credit code 统一社会信用代码 (18 characters).")
    uscc_problem: str | None = strawberry.field(
        description="Why the USCC fails its check digits 校验问题 (kept and flagged, never dropped); null when valid."
    )
    name: str = strawberry.field(description="Registered name 单位名称.")
    address: str | None = strawberry.field(description="Address 生产经营场所地址.")
    region_code: str = strawberry.field(description="County-level division code 行政区划代码.")
    industry_code: str | None = strawberry.field(
        description="Industry code 行业类别代码 (GB/T 4754: class, group or division); null when the source's "
        "industry is not in the bundled table (see industryName, industryProblem)."
    )
    industry_name: str | None = strawberry.field(description="The industry as the source gave it, when unresolved.")
    industry_problem: str | None = strawberry.field(description="Why the industry is unresolved 行业未识别.")
    management_class: str = strawberry.field(
        description="Permit management class 管理类别: key 重点管理 / simplified 简化管理 / registration 登记管理."
    )
    longitude: float | None = strawberry.field(description="Longitude 经度 (WGS 84).")
    latitude: float | None = strawberry.field(description="Latitude 纬度 (WGS 84).")

    region = one("Enterprise", "regions", "The county-level region it is located in 所在区县.")
    industry = one("Enterprise", "industries", "Its industry class 行业类别.")
    parent = one("Enterprise", "parents", "Parent company 母公司 of its group (null when none).")
    subsidiaries = many("Enterprise", "subsidiaries", "Subsidiaries 子公司, by name.")
    production_facilities = many(
        "Enterprise", "production_facilities", "Production facilities 生产设施 it operates, by code."
    )
    treatment_facilities = many(
        "Enterprise", "treatment_facilities", "Treatment facilities 污染防治设施 it operates, by code."
    )
    outlets = many("Enterprise", "outlets", "Outlets 排放口, by code.")
    eia_approvals = many("Enterprise", "eia_approvals", "EIA approvals 环评批复 it obtained, newest first.")
    permits = many(
        "Enterprise", "permits", "Discharge permits 排污许可证 it holds (one in force: 一证式), newest first."
    )
    hazardous_waste_licences = many(
        "Enterprise", "hw_licences", "Hazardous-waste operating licences 危险废物经营许可证 it holds."
    )
    waste_shipped = many("Enterprise", "shipments", "Hazardous-waste transfers 危废转移联单 it shipped, newest first.")
    waste_received = many("Enterprise", "receipts", "Hazardous-waste transfers it received, newest first.")
    quotas = many("Enterprise", "quotas", "Total-amount quotas 总量控制指标 allocated to it, newest year first.")
    quota_sales = many("Enterprise", "quota_sales", "Emissions trades 排污权交易 in which it sold quota, newest first.")
    quota_purchases = many(
        "Enterprise", "quota_purchases", "Emissions trades 排污权交易 in which it bought quota, newest first."
    )
    inspections = many("Enterprise", "inspections", "Inspections 执法检查 of it, newest first.")
    sites = many(
        "Enterprise", "sites", "Its discharge sites 排污单位 when it runs several under this USCC (else none), by id."
    )

    @strawberry.field(
        description="Violations 违法行为, newest first: its own, or with `group: true` those of its whole group "
        "(parent company, the parent's subsidiaries, its own subsidiaries)."
    )
    async def violations(
        self, info: Ctx, group: bool = False, first: First = None, after: After = None
    ) -> Connection[Violation] | None:
        q = "list_group_violation_chains_of_enterprises" if group else "list_violation_chains_of_enterprises"
        offset, size = page(first, after, info.context.max_page_size)
        total, nodes = await info.context.loaders.hop(q, offset, size).load(self.uscc)
        for node in nodes:
            _prime_chain(info, node)
        return connection([Violation.from_node(n) for n in nodes], total, offset)

    findings = many_of(
        "Enterprise",
        "list_findings_of_enterprises",
        "Finding",
        "Compliance findings 问题 about it (open first, most severe, newest).",
    )


@strawberry.type(
    description="Discharge site 排污单位 of a company that runs several under one USCC: what holds a permit and "
    "owns facilities and outlets, with its own local source code, address, district and industry."
)
class Site(Node):
    LABEL, KEY = "Site", "key"
    key: str = strawberry.field(description="Natural key: <USCC>/<site id>.")
    uscc: str = strawberry.field(description="Its company's USCC 统一社会信用代码.")
    site: str = strawberry.field(description="Its id in the source 排污单位编号 (a local source code, a sequence).")
    source_code: str | None = strawberry.field(description="Local pollution-source code 污染源编码, when not its id.")
    name: str = strawberry.field(description="Name 单位名称.")
    address: str | None = strawberry.field(description="Address 生产经营场所地址.")
    region_code: str = strawberry.field(description="County-level division code 行政区划代码.")
    industry_code: str | None = strawberry.field(
        description="Industry code 行业类别代码 (GB/T 4754: class, group or division); null when the source's "
        "industry is not in the bundled table (see industryName, industryProblem)."
    )
    industry_name: str | None = strawberry.field(description="The industry as the source gave it, when unresolved.")
    industry_problem: str | None = strawberry.field(description="Why the industry is unresolved 行业未识别.")
    management_class: str = strawberry.field(description="key 重点管理 / simplified 简化管理 / registration 登记管理.")
    longitude: float | None = strawberry.field(description="Longitude 经度 (WGS 84).")
    latitude: float | None = strawberry.field(description="Latitude 纬度 (WGS 84).")

    enterprise = one("Site", "enterprises", "Its company (legal entity) 法人单位.")
    permits = many("Site", "permits", "Discharge permits 排污许可证 it holds, newest first.")
    production_facilities = many("Site", "production_facilities", "Production facilities 生产设施, by code.")
    treatment_facilities = many("Site", "treatment_facilities", "Treatment facilities 污染防治设施, by code.")
    outlets = many("Site", "outlets", "Outlets 排放口 and monitored places, by code.")


@strawberry.type(description="Production facility 生产设施 (HJ 608 code MF####).")
class ProductionFacility(Node):
    LABEL, KEY = "ProductionFacility", "key"
    key: str = strawberry.field(description="Natural key: <USCC>:<facility code>.")
    code: str = strawberry.field(description="Facility code 设施编码, unique within its enterprise.")
    name: str = strawberry.field(description="Name 设施名称.")
    capacity: str | None = strawberry.field(description="Capacity 生产能力, as declared.")

    enterprise = one("ProductionFacility", "enterprises", "The enterprise operating it.")
    site = one("ProductionFacility", "sites", "Its site, when its company runs several (else null).")
    treatment_facilities = many("ProductionFacility", "treatment_facilities", "Treatment facilities 治污设施 it feeds.")
    untreated_outlets = many(
        "ProductionFacility", "untreated_outlets", "Outlets it discharges to without treatment 无组织/直排."
    )
    eia_approvals = many("ProductionFacility", "eia_approvals", "EIA approvals 环评批复 that approved it.")


@strawberry.type(description="Treatment facility 污染防治设施 (HJ 608 code TA###/TW###).")
class TreatmentFacility(Node):
    LABEL, KEY = "TreatmentFacility", "key"
    key: str = strawberry.field(description="Natural key: <USCC>:<facility code>.")
    code: str = strawberry.field(description="Facility code 设施编码.")
    name: str = strawberry.field(description="Name 设施名称.")
    technology: str | None = strawberry.field(description="Treatment technology 治理工艺.")

    enterprise = one("TreatmentFacility", "enterprises", "The enterprise operating it.")
    site = one("TreatmentFacility", "sites", "Its site, when its company runs several (else null).")
    production_facilities = many("TreatmentFacility", "sources", "Production facilities 生产设施 feeding it.")
    upstream = many(
        "TreatmentFacility",
        "upstream",
        "Treatment facilities before it in series 上一级治污设施 (e.g. desulphurisation before dust removal).",
    )
    downstream = many("TreatmentFacility", "downstream", "Treatment facilities after it in series 下一级治污设施.")
    outlets = many("TreatmentFacility", "outlets", "Outlets 排放口 it discharges to.")


@strawberry.type(
    description="Outlet 排放口 (HJ 608 code DA### air / DW### water, or a local code), or a monitored place without "
    "an outlet code: a fugitive-emission source 无组织排放源 or a boundary point 厂界监测点 (noise, fence-line air)."
)
class Outlet(Node):
    LABEL, KEY = "Outlet", "key"
    key: str = strawberry.field(description="Natural key: <USCC>[/<site>]:<code>.")
    code: str = strawberry.field(
        description="Code 排放口编码, unique within its owner: the HJ 608 code when known, else the local code."
    )
    name: str = strawberry.field(description="Name 排放口名称.")
    medium: str = strawberry.field(description="air 废气 / water 废水 / noise 噪声.")
    kind: str = strawberry.field(
        description="main 主要排放口 / general 一般排放口 / fugitive 无组织排放源 / boundary 厂界监测点."
    )
    standard: str | None = strawberry.field(description="Emission standard applied 执行标准.")
    destination: str | None = strawberry.field(description="Discharge destination 排放去向.")
    local_code: str | None = strawberry.field(description="Local code 地方编码 (e.g. FQ001).")
    longitude: float | None = strawberry.field(description="Longitude 经度.")
    latitude: float | None = strawberry.field(description="Latitude 纬度.")
    auto_monitored: bool | None = strawberry.field(description="Automatic monitoring 自动监测 (CEMS).")

    enterprise = one("Outlet", "enterprises", "The enterprise it belongs to.")
    site = one("Outlet", "sites", "Its site, when its company runs several (else null).")
    treatment_facilities = many(
        "Outlet", "treatment_facilities", "Treatment facilities 治污设施 discharging to it (生产设施—治污设施—排放口)."
    )
    untreated_sources = many(
        "Outlet", "untreated_sources", "Production facilities discharging to it without treatment."
    )
    permits = many("Outlet", "permits", "Permits 排污许可证 covering it.")
    limits = many("Outlet", "limits", "Permitted limits 许可排放限值 set for it, by pollutant.")
    monitoring = many("Outlet", "series", "Monthly monitoring series 监测数据, newest month first.")
    exceedances = many(
        "Outlet", "exceedances", "Exceedances 超标 (daily values above the permitted limit), newest first."
    )
    violations = many("Outlet", "violations", "Violations 违法行为 recorded at it, newest first.")

    @strawberry.field(
        description="Keeps to its limits 是否达标: false when it has an exceedance (in `period` — 2024, 2024H1, "
        "2024Q2, 2024-03 — or between `since` and `until` when given: a period's compliance), null when it has no "
        "limit."
    )
    def compliant(
        self, info: Ctx, since: dt.date | None = None, until: dt.date | None = None, period: str | None = None
    ) -> bool | None:
        since, until = period_or_window("compliant", since, until, period)
        if since is not None or until is not None:
            return cast(bool | None, self._compliant_between(info, since, until))
        loaders = info.context.loaders
        limits = loaders.known("list_limits_of_outlets", 0, 0, self.key)
        exceedances = loaders.known("list_exceedances_of_outlets", 0, 0, self.key)
        if limits is not None and exceedances is not None:  # both counts in hand (a trace primed them): at once
            return _compliance(limits, exceedances)
        return cast(bool | None, self._compliant(info))  # an awaitable, as in _hop

    async def _compliant_between(self, info: Ctx, since: dt.date | None, until: dt.date | None) -> bool | None:
        loader = info.context.loaders.row("count_window_exceedances_of_outlets", since=since, until=until)
        row = await loader.load(self.key)
        if row is None or integer(row["limits"]) == 0:
            return None
        return integer(row["exceedances"]) == 0

    async def _compliant(self, info: Ctx) -> bool | None:
        limits, exceedances = await asyncio.gather(  # both counts in one batch round (siblings' too)
            info.context.loaders.hop("list_limits_of_outlets", 0, 0).load(self.key),
            info.context.loaders.hop("list_exceedances_of_outlets", 0, 0).load(self.key),
        )
        return _compliance(limits, exceedances)

    @strawberry.field(
        description="Monitoring series 监测数据 in a window, oldest month first (a chart of values against limits): "
        "the months of one pollutant (`pollutantCode`, else all) from the month of `since` to `until`, or of "
        "`period` (2024, 2024H1, 2024Q2, 2024-03)."
    )
    def series(
        self,
        info: Ctx,
        pollutant_code: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        period: str | None = None,
        first: First = None,
        after: After = None,
    ) -> Connection[MonitoringMonth] | None:
        params = window_params("series", pollutant_code, since, until, period)
        return list_page(info, "list_window_series_of_outlets", self.key, MonitoringMonth, first, after, **params)

    @strawberry.field(
        description="Exceedances 超标 between `since` and `until` (or in `period`), of one pollutant or all, newest "
        "first, oldest first or largest ratio first (`sort`)."
    )
    def exceedances_between(
        self,
        info: Ctx,
        pollutant_code: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        period: str | None = None,
        sort: ExceedanceSort = ExceedanceSort.NEWEST,
        first: First = None,
        after: After = None,
    ) -> Connection[Exceedance] | None:
        params = window_params("exceedancesBetween", pollutant_code, since, until, period) | {"sort": str(sort.value)}
        return list_page(info, "list_window_exceedances_of_outlets", self.key, Exceedance, first, after, **params)

    findings = many_of(
        "Outlet",
        "list_findings_of_outlets",
        "Finding",
        "Compliance findings 问题 about it (open first, most severe, newest).",
    )


# --- permits ----------------------------------------------------------------------------------------------------
@strawberry.type(description="Discharge permit 排污许可证 (一证式: one per enterprise, with its history).")
class Permit(Node):
    LABEL, KEY = "Permit", "number"
    number: str = strawberry.field(description="Permit number 许可证编号 (USCC + 3-digit sequence + P).")
    number_problem: str | None = strawberry.field(description="Why the number fails its checks (flagged, kept).")
    management_class: str = strawberry.field(description="key 重点管理 / simplified 简化管理 / registration 登记管理.")
    authority: str = strawberry.field(description="Issuing authority 发证机关.")
    issued_on: dt.date = strawberry.field(description="Date first issued 发证日期.")
    valid_from: dt.date = strawberry.field(description="Start of the current validity 有效期起.")
    valid_to: dt.date = strawberry.field(description="End of the current validity 有效期止.")
    status: str = strawberry.field(description="valid 有效 / expired 过期 / revoked 撤销.")

    enterprise = one("Permit", "enterprises", "The holder 持证单位.")
    site = one("Permit", "sites", "The holder's site, when the company runs several (else null).")
    events = many(
        "Permit", "events", "History 变更记录: issue, renewals 延续, changes 变更, revocation 撤销, in order."
    )
    eia_approvals = many("Permit", "eia_approvals", "EIA approvals 环评批复 incorporated into the permit.")
    outlets = many("Permit", "outlets", "Outlets 排放口 it covers.")
    limits = many("Permit", "limits", "Limits 许可排放限值 it sets, by pollutant.")
    reports = many("Permit", "reports", "Execution reports 执行报告 filed under it, newest first.")
    exceedances = many_of(
        "Permit",
        "list_exceedances_of_permits",
        "Exceedance",
        "Exceedances 超标 at the outlets it covers, newest first.",
    )
    inspections = many_of(
        "Permit", "list_inspections_of_permits", "Inspection", "Inspections 执法检查 of its holder, newest first."
    )
    violations = many("Permit", "violations", "Violations 违法行为 of this permit, newest first.")
    findings = many_of(
        "Permit",
        "list_findings_of_permits",
        "Finding",
        "Compliance findings 问题 about it (open first, most severe, newest).",
    )


@strawberry.type(description="An event in a permit's history 许可证变更记录.")
class PermitEvent(Node):
    LABEL, KEY = "PermitEvent", "key"
    key: str = strawberry.field(description="Natural key: <permit number>:<sequence>.")
    seq: int = strawberry.field(description="Sequence 序号 within the permit's history.")
    kind: str = strawberry.field(description="issue 首次申请 / renewal 延续 / change 变更 / revocation 撤销.")
    date: dt.date = strawberry.field(description="Date 日期.")
    valid_from: dt.date | None = strawberry.field(description="Validity start set by this event.")
    valid_to: dt.date | None = strawberry.field(description="Validity end set by this event.")
    note: str | None = strawberry.field(description="Note 备注.")

    permit = one("PermitEvent", "permits", "The permit whose history this event is 所属许可证.")


@strawberry.type(description="Permitted limit 许可排放限值 for one pollutant, at an outlet or enterprise-wide.")
class PermitLimit(Node):
    LABEL, KEY = "PermitLimit", "key"
    key: str = strawberry.field(
        description="Natural key: <permit>:<outlet code or *>:<pollutant>:<basis>[@<from>], or for a standard's "
        "<standard>|<owner>:<outlet code>:<pollutant>:<basis>[@<from>], for an EIA approval's "
        "eia:<doc number>|<owner>:<outlet code>:<pollutant>:<basis>[@<from>]."
    )
    PROPERTY_OF: ClassVar[dict[str, str]] = {"origin": "source"}  # `source`: every node's provenance
    origin: str | None = strawberry.field(
        description="What sets it 限值来源: permit 许可证, standard 执行标准 or eia 环评批复 (no permit behind the "
        "last two)."
    )
    standard: str | None = strawberry.field(description="The emission standard 执行标准 (GB 13223-2011 …).")
    clause: str | None = strawberry.field(description="The standard's table or clause 条款.")
    valid_from: dt.date | None = strawberry.field(description="In force from 生效日期 (else the permit's validity).")
    valid_to: dt.date | None = strawberry.field(description="In force until (else the permit's validity).")
    outlet_key: str | None = strawberry.field(description="Outlet key; null for an enterprise-wide amount.")
    pollutant_code: str = strawberry.field(description="HJ 212 pollutant code.")
    concentration_max: float | None = strawberry.field(description="Permitted concentration 许可排放浓度 (upper).")
    concentration_min: float | None = strawberry.field(description="Lower bound of a range (pH 6–9).")
    unit: str | None = strawberry.field(description="Unit of the concentration (mg/m3, mg/L, dimensionless).")
    basis: str = strawberry.field(description="Averaging basis 均值类型: hourly / daily / monthly.")
    annual_amount_t: float | None = strawberry.field(description="Permitted annual amount 许可排放量 (t/a).")
    frequency: str | None = strawberry.field(
        description="Self-monitoring required 监测频次, as an ISO 8601 period between samples (1次/季 → P3M, "
        "1次/日 → P1D) or continuous (自动监测); the check finds each period without a value (monitoring_gap)."
    )

    permit = one("PermitLimit", "permits", "The permit setting it (null for a standard's or an EIA approval's).")
    eia_approval = one("PermitLimit", "eia_approvals", "The EIA approval 环评批复 setting it (source eia; else null).")
    outlet = one("PermitLimit", "outlets", "The outlet it applies to (null: enterprise-wide).")
    pollutant = one("PermitLimit", "pollutants", "The pollutant 污染物.")


@strawberry.type(description="EIA approval 环境影响评价批复 of a project.")
class EIAApproval(Node):
    LABEL, KEY = "EIAApproval", "doc_number"
    doc_number: str = strawberry.field(description="Document number 批复文号, e.g. 环审〔2021〕104号.")
    authority: str = strawberry.field(description="Approving authority 审批部门.")
    approved_on: dt.date = strawberry.field(description="Date of approval 批复日期.")
    project: str = strawberry.field(description="Project name 建设项目名称.")

    enterprise = one("EIAApproval", "enterprises", "The enterprise that obtained it.")
    facilities = many("EIAApproval", "facilities", "Production facilities 生产设施 it approved.")

    @strawberry.field(description="Annual amounts it approved per pollutant 环评批复总量 (t/a).")
    def approved_amounts(self, info: Ctx) -> list[PollutantAmount]:
        return hop_page(
            info,
            "list_amounts_of_eia_approvals",
            self.doc_number,
            0,
            100,
            lambda p: [PollutantAmount(pollutant=Pollutant.from_node(n), amount_t=number(n["amount_t"])) for n in p[1]],
        )

    permits = many("EIAApproval", "permits", "Permits 排污许可证 that incorporate it.")


@strawberry.type(description="An amount of one pollutant (t/a).")
class PollutantAmount:
    pollutant: Pollutant = strawberry.field(description="The pollutant 污染物.")
    amount_t: float = strawberry.field(description="Tonnes per year 吨/年.")


@strawberry.type(description="Execution report 排污许可证执行报告 (annual, quarterly or monthly).")
class ExecutionReport(Node):
    LABEL, KEY = "ExecutionReport", "key"
    key: str = strawberry.field(description="Natural key: <permit number>:<period>.")
    period: str = strawberry.field(description="Period 报告周期: 2024, 2024Q1 or 2024M01.")
    kind: str = strawberry.field(description="annual 年报 / quarterly 季报 / monthly 月报.")
    due_on: dt.date = strawberry.field(description="Due date 应提交日期.")
    submitted_on: dt.date | None = strawberry.field(description="Date submitted 提交日期 (null: not submitted).")

    permit = one("ExecutionReport", "permits", "The permit it was filed under.")

    @strawberry.field(
        description="Actual emissions 实际排放量 per pollutant next to the permitted annual amount 许可排放量."
    )
    def emissions(self, info: Ctx) -> list[ReportedEmission]:
        return hop_page(
            info,
            "list_emissions_of_execution_reports",
            self.key,
            0,
            100,
            lambda p: [
                ReportedEmission(
                    pollutant=Pollutant.from_node(n),
                    actual_t=number(n["actual_t"]),
                    permitted_t=optional_number(n["permitted_t"]),
                )
                for n in p[1]
            ],
        )


@strawberry.type(description="Actual against permitted emissions of one pollutant in one report.")
class ReportedEmission:
    pollutant: Pollutant = strawberry.field(description="The pollutant 污染物.")
    actual_t: float = strawberry.field(description="Actual emissions 实际排放量 (t).")
    permitted_t: float | None = strawberry.field(
        description="Permitted annual amount 许可排放量 (t/a): the enterprise-wide limit, else the sum of outlet "
        "limits; null when the permit sets none."
    )

    @strawberry.field(description="actual / permitted (null without a permitted amount).")
    def ratio(self) -> float | None:
        return self.actual_t / self.permitted_t if self.permitted_t else None


# --- monitoring ---------------------------------------------------------------------------------------------------
@strawberry.type(description="One day's value in a monitoring series.")
class DailyValue:
    date: dt.date = strawberry.field(description="Day 日期.")
    value: float = strawberry.field(description="Value 监测值, in the series' unit.")


@strawberry.type(description="A month of monitoring 监测数据 of one pollutant at one outlet, by one method.")
class MonitoringMonth(Node):
    LABEL, KEY = "MonitoringMonth", "key"
    key: str = strawberry.field(description="Natural key: <outlet key>:<pollutant>:<yyyy-mm>:<method>.")
    pollutant: str = strawberry.field(description="HJ 212 pollutant code.")
    month: dt.date = strawberry.field(description="First day of the month.")
    method: str = strawberry.field(description="auto 自动监测 / manual 手工监测.")
    basis: str | None = strawberry.field(description="Averaging basis of the values.")
    unit: str | None = strawberry.field(description="Unit of the values.")
    count: int = strawberry.field(description="Days with a value.")
    min: float | None = strawberry.field(description="Lowest value.")
    max: float | None = strawberry.field(description="Highest value.")
    sum: float | None = strawberry.field(description="Sum of the values (mean = sum / count).")
    values: strawberry.Private[list[float] | None] = None

    @strawberry.field(description="The days with a value, in order.")
    def days(self) -> list[DailyValue]:
        values = self.values or []
        return [
            DailyValue(date=self.month + dt.timedelta(days=i), value=v)
            for i, v in enumerate(values)
            if not math.isnan(v)
        ]

    outlet = one("MonitoringMonth", "outlets", "The outlet.")
    exceedances = many("MonitoringMonth", "exceedances", "Exceedances 超标 derived from this month's values.")


@strawberry.type(description="Exceedance 超标: a monitored value beyond the permitted limit (pH: outside its range).")
class Exceedance(Node):
    LABEL, KEY = "Exceedance", "key"
    key: str = strawberry.field(description="Natural key: <series key>:<day>.")
    date: dt.date = strawberry.field(description="Day 日期.")
    pollutant: str = strawberry.field(description="HJ 212 pollutant code.")
    value: float = strawberry.field(description="Monitored value 监测值.")
    limit: float = strawberry.field(description="The limit broken 限值.")
    unit: str | None = strawberry.field(description="Unit.")
    ratio: float = strawberry.field(description="Exceedance ratio 超标倍数 = |value − limit| / limit.")
    basis: str | None = strawberry.field(description="Averaging basis.")

    outlet = one("Exceedance", "outlets", "The outlet.")
    permit_limit = one("Exceedance", "limits", "The permitted limit it broke.")


# --- hazardous waste ----------------------------------------------------------------------------------------------
@strawberry.type(description="Hazardous-waste operating licence 危险废物经营许可证.")
class HazardousWasteLicence(Node):
    LABEL, KEY = "HazardousWasteLicence", "number"
    number: str = strawberry.field(description="Licence number 许可证编号.")
    authority: str = strawberry.field(description="Issuing authority 发证机关.")
    categories: list[str] = strawberry.field(description="Waste categories covered 核准经营类别 (HW01…HW50).")
    methods: list[str] = strawberry.field(description="Methods 经营方式: 收集/贮存/利用/处置.")
    scale_tpa: float = strawberry.field(description="Approved scale 经营规模 (t/a).")
    valid_from: dt.date = strawberry.field(description="Validity start.")
    valid_to: dt.date = strawberry.field(description="Validity end.")

    holder = one("HazardousWasteLicence", "enterprises", "The holder.")


@strawberry.type(description="Hazardous-waste transfer 危险废物转移联单.")
class WasteTransfer(Node):
    LABEL, KEY = "WasteTransfer", "manifest_no"
    manifest_no: str = strawberry.field(description="Manifest number 联单编号.")
    waste_code: str = strawberry.field(description="Waste code 废物代码 (e.g. 900-041-49).")
    amount_t: float = strawberry.field(description="Amount 转移量 (t).")
    date: dt.date = strawberry.field(description="Date 转移日期.")

    shipper = one("WasteTransfer", "shippers", "The shipper 移出单位.")
    receiver = one("WasteTransfer", "receivers", "The receiver 接收单位.")


# --- total-amount control -----------------------------------------------------------------------------------------
@strawberry.type(
    description="Total-amount control quota 总量控制指标: tonnes of one pollutant that a region (at any level) or an "
    "enterprise may emit in a year; permitted amounts count against it (rules enterprise_quota_exceeded and "
    "regional_quota_exceeded)."
)
class Quota(Node):
    LABEL, KEY = "Quota", "id"
    id_: str = strawberry.field(name="quotaId", description="Quota id 指标编号.")
    scope: str = strawberry.field(description="What it caps: region 区域 / enterprise 企业.")
    year: int = strawberry.field(description="Year 年度.")
    pollutant_code: str = strawberry.field(description="HJ 212 pollutant code 污染物编码.")
    amount_t: float = strawberry.field(description="Allocated amount 核定总量 (t/a), before any trade.")
    region_code: str | None = strawberry.field(description="Region capped 行政区划代码 (regional quotas).")
    authority: str | None = strawberry.field(description="Allocating authority 核定机关.")
    document: str | None = strawberry.field(description="Allocating document 总量指标文件.")

    enterprise = one("Quota", "enterprises", "The enterprise holding it (null for a regional quota).")
    region = one("Quota", "regions", "The region it caps (null for an enterprise quota).")
    pollutant = one("Quota", "pollutants", "The pollutant 污染物.")


@strawberry.type(
    description="Emissions trade 排污权交易: quota of one pollutant and year moved from a seller to a buyer."
)
class QuotaTrade(Node):
    LABEL, KEY = "QuotaTrade", "id"
    id_: str = strawberry.field(name="tradeId", description="Trade or contract number 交易编号.")
    year: int = strawberry.field(description="Quota year 指标年度.")
    pollutant_code: str = strawberry.field(description="HJ 212 pollutant code 污染物编码.")
    amount_t: float = strawberry.field(description="Amount traded 交易量 (t/a).")
    date: dt.date = strawberry.field(description="Date 交易日期.")
    price_yuan: float | None = strawberry.field(description="Price 成交金额 (yuan 元).")

    seller = one("QuotaTrade", "sellers", "The seller 出让方.")
    buyer = one("QuotaTrade", "buyers", "The buyer 受让方.")
    pollutant = one("QuotaTrade", "pollutants", "The pollutant 污染物.")


# --- enforcement ----------------------------------------------------------------------------------------------------
@strawberry.type(description="Inspection 执法检查 of an enterprise.")
class Inspection(Node):
    LABEL, KEY = "Inspection", "id"
    id_: str = strawberry.field(name="inspectionId", description="Inspection record number 检查编号.")
    date: dt.date = strawberry.field(description="Date 检查日期.")
    authority: str = strawberry.field(description="Inspecting authority 执法机关.")
    kind: str = strawberry.field(description="Kind 检查类型 (e.g. 双随机, 专项).")
    result: str = strawberry.field(description="Result 检查结果.")

    enterprise = one("Inspection", "enterprises", "The enterprise inspected.")
    violations = many("Inspection", "violations", "Violations 违法行为 it found.")


@strawberry.type(description="Violation 违法行为: a breach of the permit regulations found by an inspection.")
class Violation(Node):
    LABEL, KEY = "Violation", "id"
    id_: str = strawberry.field(name="violationId", description="Violation record number.")
    type: str = strawberry.field(description="Violation type 违法类型, e.g. 超过许可排放浓度排放.")
    article: str = strawberry.field(description="Article 条款 of 排污许可管理条例 breached.")
    date: dt.date = strawberry.field(description="Date 日期.")
    description: str | None = strawberry.field(description="Description 违法事实.")

    enterprise = one("Violation", "enterprises", "The enterprise that committed it.")
    inspection = one("Violation", "inspections", "The inspection that found it.")
    permit = one("Violation", "permits", "The permit it breaches.")
    clause = one_of(
        "Violation",
        "list_clauses_of_violations",
        "PermitLimit",
        "The permit clause 许可条款 breached: the limit for its pollutant at its outlet.",
    )
    outlet = one("Violation", "outlets", "The outlet concerned.")
    pollutant = one("Violation", "pollutants", "The pollutant concerned.")
    penalties = many("Violation", "penalties", "Penalties 行政处罚 that followed.")


@strawberry.type(description="Penalty 行政处罚决定.")
class Penalty(Node):
    LABEL, KEY = "Penalty", "decision_number"
    decision_number: str = strawberry.field(description="Decision number 处罚决定书文号.")
    authority: str = strawberry.field(description="Authority 处罚机关.")
    date: dt.date = strawberry.field(description="Date 决定日期.")
    amount_yuan: float = strawberry.field(description="Fine 罚款金额 (yuan 元).")

    violation = one("Penalty", "violations", "The violation it punishes.")


from schema.audit import AuditEntry  # noqa: E402  (after the types their fields name)
from schema.disclosure import DisclosureEntry  # noqa: E402
from schema.findings import Finding  # noqa: E402

NODE_TYPES: dict[str, type[Node]] = {
    cls.LABEL: cls
    for cls in (
        Region,
        Industry,
        Pollutant,
        Enterprise,
        Site,
        ProductionFacility,
        TreatmentFacility,
        Outlet,
        Permit,
        PermitEvent,
        PermitLimit,
        EIAApproval,
        ExecutionReport,
        MonitoringMonth,
        Exceedance,
        HazardousWasteLicence,
        WasteTransfer,
        Quota,
        QuotaTrade,
        Inspection,
        Violation,
        Penalty,
        Finding,
        DisclosureEntry,
        AuditEntry,
    )
}
# The batched look-up of each label by key (for node(id:)), generated from graph/relations.py.
GET_QUERIES: dict[str, str] = {label: get_query_name(label) for label in NODE_TYPES}
