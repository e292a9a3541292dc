"""GraphQL types of the regulatory graph: every label of the model is a Node with its relationships as fields.

Types are thin: their data fields are derived from the pydantic rows in `graph/model/` that write the properties
(`@derived`, schema/properties.py: name, type, nullability and description declared once, on the row), a type
declaring by hand only what no row states; every relationship field goes through a per-request DataLoader over a
named hop query, so a request costs one round trip per query and level, however many objects it touches.
Descriptions are in English with the Chinese term.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import TYPE_CHECKING, cast

import strawberry

from graph.records import Props, integer, maps, props, text
from schema.fields import After, Ctx, First, Node, list_page, many, many_of, one
from schema.filters import ExceedanceSort, period_or_window, window_params
from schema.loaders import Page
from schema.pagination import Connection, connection, page
from schema.properties import derived

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


def _compliance(limits: Page, exceedances: Page, series: Page) -> bool | None:
    """An outlet keeps to its limits when it has no exceedance; null when it has no limit to keep to or no monitored
    value to judge (no exceedance among no values proves nothing)."""
    if exceedances[0] > 0:
        return False
    return None if limits[0] == 0 or series[0] == 0 else True


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
@derived("Enterprise")
class Enterprise(Node):
    LABEL, KEY = "Enterprise", "uscc"
    if TYPE_CHECKING:  # derived from the row model (schema/properties.py); named here for the resolvers
        uscc: str

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
    acceptances = many(
        "Enterprise", "acceptances", "Completion acceptances 竣工环境保护验收 of its projects, newest first."
    )
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
@derived("Site", hide=("uscc_problem", "enterprise_uscc", "company_name"))
class Site(Node):
    LABEL, KEY = "Site", "key"
    key: str = strawberry.field(description="Natural key: <USCC>/<site id>.")
    uscc: str = strawberry.field(description="Its company's USCC 统一社会信用代码.")

    enterprise = one("Site", "enterprises", "Its company (legal entity) 法人单位.")
    permits = many("Site", "permits", "Discharge permits 排污许可证 it holds, newest first.")
    production_facilities = many("Site", "production_facilities", "Production facilities 生产设施, by code.")
    treatment_facilities = many("Site", "treatment_facilities", "Treatment facilities 污染防治设施, by code.")
    outlets = many("Site", "outlets", "Outlets 排放口 and monitored places, by code.")
    devices = many("Site", "devices", "Data-acquisition devices 数采仪 of its automatic monitoring, by MN.")


@strawberry.type(description="Production facility 生产设施 (HJ 608 code MF####).")
@derived("ProductionFacility")
class ProductionFacility(Node):
    LABEL, KEY = "ProductionFacility", "key"
    key: str = strawberry.field(description="Natural key: <USCC>:<facility code>.")

    enterprise = one("ProductionFacility", "enterprises", "The enterprise operating it.")
    site = one("ProductionFacility", "sites", "Its site, when its company runs several (else null).")
    treatment_facilities = many("ProductionFacility", "treatment_facilities", "Treatment facilities 治污设施 it feeds.")
    untreated_outlets = many(
        "ProductionFacility", "untreated_outlets", "Outlets it discharges to without treatment 无组织/直排."
    )
    eia_approvals = many("ProductionFacility", "eia_approvals", "EIA approvals 环评批复 that approved it.")
    acceptances = many("ProductionFacility", "acceptances", "Completion acceptances 竣工验收 that accepted it.")


@strawberry.type(description="Treatment facility 污染防治设施 (HJ 608 code TA###/TW###).")
@derived("TreatmentFacility")
class TreatmentFacility(Node):
    LABEL, KEY = "TreatmentFacility", "key"
    key: str = strawberry.field(description="Natural key: <USCC>:<facility code>.")

    enterprise = one("TreatmentFacility", "enterprises", "The enterprise operating it.")
    site = one("TreatmentFacility", "sites", "Its site, when its company runs several (else null).")
    production_facilities = many("TreatmentFacility", "sources", "Production facilities 生产设施 feeding it.")
    upstream = many(
        "TreatmentFacility",
        "upstream",
        "Treatment facilities before it in series 上一级治污设施 (e.g. desulphurisation before dust removal).",
    )
    downstream = many("TreatmentFacility", "downstream", "Treatment facilities after it in series 下一级治污设施.")
    acceptances = many("TreatmentFacility", "acceptances", "Completion acceptances 竣工验收 that accepted it (三同时).")
    outlets = many("TreatmentFacility", "outlets", "Outlets 排放口 it discharges to.")


@strawberry.type(description="Data-acquisition device 数采仪 of automatic monitoring (HJ 212), by its MN code.")
@derived("Device")
class Device(Node):
    LABEL, KEY = "Device", "mn"

    outlet = one("Device", "outlets", "The outlet 排放口 (or monitored place) it monitors.")
    site = one("Device", "sites", "Its site, when its company runs several (else null).")


@strawberry.type(
    description="Outlet 排放口 (HJ 608 code DA### air / DW### water, or a local code), or a monitored place without "
    "an outlet code: a fugitive-emission source 无组织排放源 or a boundary point 厂界监测点 (noise, fence-line air)."
)
@derived("Outlet")
class Outlet(Node):
    LABEL, KEY = "Outlet", "key"
    key: str = strawberry.field(description="Natural key: <USCC>[/<site>]:<code>.")
    # by hand: an outlet loaded before its source said 手工/自动 lacks it (the row model defaults it to False)
    auto_monitored: bool | None = strawberry.field(description="Automatic monitoring 自动监测 (CEMS).")

    devices = many("Outlet", "devices", "Data-acquisition devices 数采仪 sending its automatic monitoring, by MN.")
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
        "limit or no monitored value in the period to judge."
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
        series = loaders.known("list_series_of_outlets", 0, 0, self.key)
        if limits is not None and exceedances is not None and series is not None:  # in hand (a trace primed them)
            return _compliance(limits, exceedances, series)
        return cast(bool | None, self._compliant(info))  # an awaitable, as in _hop

    async def _compliant_between(self, info: Ctx, since: dt.date | None, until: dt.date | None) -> bool | None:
        loader = info.context.loaders.row("count_window_exceedances_of_outlets", since=since, until=until)
        row = await loader.load(self.key)
        if row is None:
            return None
        counts: list[Page] = [(integer(row[k]), []) for k in ("limits", "exceedances", "judged")]
        return _compliance(counts[0], counts[1], counts[2])

    async def _compliant(self, info: Ctx) -> bool | None:
        limits, exceedances, series = await asyncio.gather(  # the counts in one batch round (siblings' too)
            info.context.loaders.hop("list_limits_of_outlets", 0, 0).load(self.key),
            info.context.loaders.hop("list_exceedances_of_outlets", 0, 0).load(self.key),
            info.context.loaders.hop("list_series_of_outlets", 0, 0).load(self.key),
        )
        return _compliance(limits, exceedances, series)

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


from schema.enforcement_nodes import Violation  # noqa: E402  (after the types their fields name)
from schema.permit_nodes import Exceedance, MonitoringMonth  # noqa: E402
