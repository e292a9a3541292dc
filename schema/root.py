"""The root Query, composed from the domain types: look-ups, filtered lists, views, dashboards and search."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Annotated, Any, cast

import strawberry
from strawberry.scalars import JSON

from graph import records
from graph.errors import InvalidInput
from graph.stats import label_counts_async
from schema import audit, compliance, dashboards, disclosure, filters, ids, lists, search, views
from schema.audit import AuditEntry
from schema.compliance import FindingFilter, FindingGroup, FindingStatus, NamedQueryInfo, Reminder
from schema.dashboards import Bucket, DashboardFilter, GroupBy, Measure, Period, RankBy, RankedEnterprise, TableRow
from schema.disclosure import DisclosureEntry, DisclosureList
from schema.enforcement_nodes import Inspection, Penalty, Violation
from schema.fields import Ctx, Node, find_page
from schema.filters import (
    EnterpriseFilter,
    EnterpriseSort,
    Medium,
    OutletFilter,
    PermitFilter,
    PermitSort,
    ViolationFilter,
    enum_value,
    industry_prefix,
    region_prefix,
)
from schema.findings import Finding
from schema.graphs import TraceGraph
from schema.lists import (
    ExceedanceFilter,
    IndustryLevel,
    InspectionFilter,
    MapKind,
    PenaltyFilter,
    RegionLevel,
)
from schema.node_types import GET_QUERIES, NODE_TYPES
from schema.nodes import Enterprise, Industry, Outlet, Pollutant, Region
from schema.pagination import Connection, check_first
from schema.permit_nodes import Exceedance, Permit
from schema.search import SearchResult
from schema.views import TRACE_QUERIES


@strawberry.type(description="Node count of one label (for dashboards and load checks).")
class LabelCount:
    label: str = strawberry.field(description="Model label, e.g. Enterprise, Outlet, Exceedance.")
    count: int = strawberry.field(description="Nodes with that label.")


async def _outlet_key(info: Ctx, uscc: str, code: str, site: str | None, missed: str | None = None) -> str | None:
    """The key of the outlet of `uscc` (of its site `site`, if given) named by its national or its local code.

    A national code without a site is the key itself ("<USCC>:<code>": no round trip); when that key names
    nothing (`missed`), the outlet is looked for among the enterprise's sites. None when no outlet has the code,
    an error when two have."""
    enterprise, (outlet, national) = filters.uscc(uscc), filters.outlet_ref(code)
    place = None if site is None else filters.site_ref(site)
    if national and place is None and missed is None:
        return f"{enterprise}:{outlet}"
    rows = await info.context.db_read("find_outlet_keys", uscc=enterprise, code=outlet, site=place)
    if len(rows) > 1:
        raise InvalidInput(
            f"{outlet} names several outlets of {enterprise} (of several sites, or as a local code): give the "
            "national code, or the site"
        )
    key = records.text(rows[0]["key"]) if rows else None
    return None if key == missed else key


async def _get(info: Ctx, label: str, key: str) -> Any:
    _, nodes = await info.context.loaders.hop(GET_QUERIES[label]).load(key)
    return NODE_TYPES[label].from_node(nodes[0]) if nodes else None


@strawberry.type(description="Who the API takes the caller for: role, subject, region scope and how recognised.")
class Viewer:
    role: str = strawberry.field(description="public (anonymous), analyst, inspector or admin.")
    subject: str = strawberry.field(description="The token's subject, key:<id> for an API key, or anonymous.")
    regions: list[str] = strawberry.field(
        description="Region-code prefixes the role holds in (empty: everywhere); elsewhere the caller is public."
    )
    via: str = strawberry.field(description="anonymous, token (OIDC bearer token) or key (API key).")


@strawberry.type
class Query:
    @strawberry.field(description="Who the API takes the caller for (answered without the database).")
    def viewer(self, info: Ctx) -> Viewer:
        p = info.context.principal
        return Viewer(role=p.role, subject=p.subject, regions=list(p.regions), via=p.via)

    @strawberry.field(description="Node counts per label of the model.")
    async def counts(self, info: Ctx) -> list[LabelCount] | None:
        counts = await label_counts_async(info.context.db)
        return [LabelCount(label=label, count=n) for label, n in counts.items()]

    @strawberry.field(description="Any object by its global id (Relay); null when it no longer exists.")
    async def node(self, info: Ctx, id: strawberry.ID) -> Node | None:
        label, key = ids.decode(id)
        if label not in NODE_TYPES:
            raise InvalidInput(f"not a permitgraph id: {id!r}")
        result: Node | None = await _get(info, label, key)
        return result

    @strawberry.field(description="One enterprise 排污单位 by its USCC; null when unknown.")
    async def enterprise(self, info: Ctx, uscc: str) -> Enterprise | None:
        result: Enterprise | None = await _get(info, "Enterprise", filters.uscc(uscc))
        return result

    @strawberry.field(description="One permit by its number 许可证编号; null when unknown.")
    async def permit(self, info: Ctx, number: str) -> Permit | None:
        result: Permit | None = await _get(info, "Permit", number.strip().upper())
        return result

    @strawberry.field(
        description="One outlet by its enterprise's USCC and its code — the HJ 608 code (DA001) or a regional "
        "system's local code (FQ001) — and, for a company running several sites, the site (its id or local source "
        "code 污染源编码) when the code alone is ambiguous; null when unknown."
    )
    async def outlet(self, info: Ctx, uscc: str, code: str, site: str | None = None) -> Outlet | None:
        key = await _outlet_key(info, uscc, code, site)
        result: Outlet | None = None if key is None else await _get(info, "Outlet", key)
        if result is None and key is not None and site is None:  # DA001 of one of the company's sites
            key = await _outlet_key(info, uscc, code, site, missed=key)
            result = None if key is None else await _get(info, "Outlet", key)
        return result

    @strawberry.field(
        description="Trace an outlet back (生产设施—治污设施—排放口): the outlet, answered in one statement for the "
        "trace's usual selection — treatmentFacilities → productionFacilities → eiaApprovals, untreatedSources, "
        "permits → eiaApprovals, limits, exceedances, compliant. The outlet code may be the HJ 608 or the local "
        "code; `site` (its id or local source code) picks one site of a company that runs several."
    )
    async def outlet_trace(self, info: Ctx, uscc: str, outlet_code: str, site: str | None = None) -> Outlet | None:
        key = await _outlet_key(info, uscc, outlet_code, site)
        result = None if key is None else await views.outlet_trace(info, key)
        if result is None and key is not None and site is None:
            key = await _outlet_key(info, uscc, outlet_code, site, missed=key)
            result = None if key is None else await views.outlet_trace(info, key)
        return result

    @strawberry.field(
        description="The one-permit view 一证式: the permit, answered in one statement for the view's usual "
        "selection — enterprise, outlets, limits, eiaApprovals, reports → emissions (actual vs permitted), "
        "exceedances, inspections, violations."
    )
    async def permit_view(self, info: Ctx, number: str) -> Permit | None:
        return await views.permit_view(info, number.strip().upper())

    @strawberry.field(
        description="The traceability chain around an Outlet (backwards), an Enterprise or a ProductionFacility "
        "(forwards) as nodes and edges, ready to draw; null when the id is unknown."
    )
    async def trace_graph(self, info: Ctx, id: strawberry.ID) -> TraceGraph | None:
        label, key = ids.decode(id)
        if label not in TRACE_QUERIES:
            raise InvalidInput(f"traceGraph starts at an Outlet, Enterprise or ProductionFacility; found a {label}")
        return await views.trace_graph(info, label, key)

    @strawberry.field(description="Enterprises matching a filter, sorted.")
    async def enterprises(
        self,
        info: Ctx,
        filter: EnterpriseFilter | None = None,
        sort: EnterpriseSort = EnterpriseSort.NAME,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Enterprise]:
        f = filter or EnterpriseFilter()
        name = f.name_contains.strip() if f.name_contains else None
        return await find_page(
            info,
            "find_enterprises",
            Enterprise,
            first,
            after,
            region=region_prefix(f.region_code),
            industry=industry_prefix(f.industry_code),
            **{"class": enum_value(f.management_class)},
            name=name or None,
            sort=sort.value,
        )

    @strawberry.field(description="Permits matching a filter (status, validity window, holder's region …), sorted.")
    async def permits(
        self,
        info: Ctx,
        filter: PermitFilter | None = None,
        sort: PermitSort = PermitSort.VALID_TO,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Permit]:
        f = filter or PermitFilter()
        filters.window(f.expires_from, f.expires_to, "expiresFrom/expiresTo")
        filters.window(f.issued_from, f.issued_to, "issuedFrom/issuedTo")
        return await find_page(
            info,
            "find_permits",
            Permit,
            first,
            after,
            region=region_prefix(f.region_code),
            industry=industry_prefix(f.industry_code),
            **{"class": enum_value(f.management_class)},
            status=enum_value(f.status),
            valid_on=f.valid_on,
            expires_from=f.expires_from,
            expires_to=f.expires_to,
            issued_from=f.issued_from,
            issued_to=f.issued_to,
            sort=sort.value,
        )

    @strawberry.field(description="Outlets matching a filter (kind, medium, code, pollutant, owner's region …).")
    async def outlets(
        self, info: Ctx, filter: OutletFilter | None = None, first: int | None = None, after: str | None = None
    ) -> Connection[Outlet]:
        f = filter or OutletFilter()
        return await find_page(
            info,
            "find_outlets",
            Outlet,
            first,
            after,
            region=region_prefix(f.region_code),
            industry=industry_prefix(f.industry_code),
            kind=enum_value(f.kind),
            medium=enum_value(f.medium),
            code=filters.outlet_code(f.code) if f.code else None,
            pollutant=f.pollutant_code,
        )

    @strawberry.field(
        description="Violations matching a filter (type, article, region, period), newest first — from a violation "
        "type, region or period to the enterprises (each violation's `enterprise`)."
    )
    async def violations(
        self, info: Ctx, filter: ViolationFilter | None = None, first: int | None = None, after: str | None = None
    ) -> Connection[Violation] | None:
        f = filter or ViolationFilter()
        filters.window(f.date_from, f.date_to, "dateFrom/dateTo")
        return await find_page(
            info,
            "find_violations",
            Violation,
            first,
            after,
            type=f.type,
            article=f.article,
            region=region_prefix(f.region_code),
            industry=industry_prefix(f.industry_code),
            date_from=f.date_from,
            date_to=f.date_to,
        )

    @strawberry.field(
        description="Exceedances 超标 matching a filter (region, industry, pollutant, dates), newest first."
    )
    async def exceedances(
        self, info: Ctx, filter: ExceedanceFilter | None = None, first: int | None = None, after: str | None = None
    ) -> Connection[Exceedance] | None:
        return await find_page(info, "find_exceedances", Exceedance, first, after, **lists.exceedance_params(filter))

    @strawberry.field(description="Inspections 执法检查 matching a filter (region, kind, result, dates), newest first.")
    async def inspections(
        self, info: Ctx, filter: InspectionFilter | None = None, first: int | None = None, after: str | None = None
    ) -> Connection[Inspection] | None:
        return await find_page(info, "find_inspections", Inspection, first, after, **lists.inspection_params(filter))

    @strawberry.field(
        description="Penalties 行政处罚 matching a filter (region, authority, least fine, dates), newest first."
    )
    async def penalties(
        self, info: Ctx, filter: PenaltyFilter | None = None, first: int | None = None, after: str | None = None
    ) -> Connection[Penalty] | None:
        return await find_page(info, "find_penalties", Penalty, first, after, **lists.penalty_params(filter))

    @strawberry.field(
        description="Administrative divisions 行政区划 (GB/T 2260) by code: those directly under `parentCode` (a "
        "province's prefectures, a prefecture's counties) and/or of one level; retired codes only when asked."
    )
    async def regions(
        self,
        info: Ctx,
        parent_code: str | None = None,
        level: RegionLevel | None = None,
        retired: bool = False,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Region]:
        params = lists.region_params(parent_code, level, retired)
        return await find_page(info, "find_regions", Region, first, after, **params)

    @strawberry.field(
        description="Industries 行业 (GB/T 4754-2017, as bundled) under `parentCode` and/or of one level."
    )
    async def industries(
        self,
        info: Ctx,
        parent_code: str | None = None,
        level: IndustryLevel | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Industry]:
        params = lists.industry_params(parent_code, level)
        return await find_page(info, "find_industries", Industry, first, after, **params)

    @strawberry.field(
        description="Pollutants 污染物 (HJ 212-2017 and local codes) of a medium, or whose code or name holds `text`."
    )
    async def pollutants(
        self,
        info: Ctx,
        medium: Medium | None = None,
        text: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Pollutant]:
        if text is not None and len(text) > 40:
            raise InvalidInput(f"text is at most 40 characters; found {len(text):,}")
        words = unicodedata.normalize("NFKC", text).strip() if text else None
        return await find_page(
            info, "find_pollutants", Pollutant, first, after, medium=enum_value(medium), text=words or None
        )

    @strawberry.field(
        description="A compliance map 地图: enterprises or outlets with coordinates in a region and bounding box "
        "(`bbox`: [west, south, east, north]) as a GeoJSON FeatureCollection, each point with its open findings "
        "(`openFindings`), at most `first` points (`truncated` when more lie there)."
    )
    async def map_points(
        self,
        info: Ctx,
        kind: MapKind = MapKind.ENTERPRISES,
        region_code: str | None = None,
        bbox: list[float] | None = None,
        first: int = 5000,
    ) -> JSON | None:
        return cast(JSON, await lists.map_features(info, kind, region_code, bbox, first))

    @strawberry.field(
        description="Dashboard aggregate: a measure counted (and summed) per group — region level, industry, "
        "management class or period — computed in the database. Time groups come in time order, others largest first."
    )
    async def aggregate(
        self,
        info: Ctx,
        measure: Measure,
        group_by: GroupBy,
        filter: DashboardFilter | None = None,
        rank_by: RankBy = RankBy.COUNT,
        first: int = 50,
    ) -> list[Bucket] | None:
        return await dashboards.aggregate(info, measure, group_by, filter, rank_by, first)

    @strawberry.field(
        description="A table of groups × periods 分区分期统计 (a region's counties by month …): the `first` groups "
        "ranked over the whole span, each with a cell for every period from `filter.dateFrom` (or the first "
        "period with records) to `filter.dateTo` (or the last) — empty periods present, counting 0. One statement."
    )
    async def aggregate_table(
        self,
        info: Ctx,
        measure: Measure,
        group_by: GroupBy,
        period: Period,
        filter: DashboardFilter | None = None,
        rank_by: RankBy = RankBy.COUNT,
        first: int = 50,
    ) -> list[TableRow] | None:
        return await dashboards.aggregate_table(info, measure, group_by, period, filter, rank_by, first)

    @strawberry.field(description="Top-N enterprises by a measure (violations, fines, exceedances, emissions …).")
    async def top_enterprises(
        self,
        info: Ctx,
        measure: Measure,
        filter: DashboardFilter | None = None,
        rank_by: RankBy = RankBy.COUNT,
        first: int = 10,
    ) -> list[RankedEnterprise] | None:
        return await dashboards.top_enterprises(info, measure, filter, rank_by, first)

    @strawberry.field(description="Compliance findings matching a filter, most severe and newest first.")
    async def findings(
        self, info: Ctx, filter: FindingFilter | None = None, first: int | None = None, after: str | None = None
    ) -> Connection[Finding] | None:
        return await find_page(info, "find_findings", Finding, first, after, **compliance.finding_params(filter))

    @strawberry.field(description="Findings counted per rule, severity, region level, industry or period (dashboards).")
    async def finding_stats(
        self,
        info: Ctx,
        group_by: FindingGroup,
        status: FindingStatus | None = None,
        region_code: str | None = None,
        first: int = 50,
    ) -> list[Bucket] | None:
        return await compliance.finding_stats(info, group_by, status, region_code, first)

    @strawberry.field(
        description="Reminders 到期提醒: what must be acted on within `withinDays`, by its act-by date — a permit's "
        "renewal 60 days before it expires, a hazardous-waste licence's 30, an execution report by its deadline — "
        "and what is overdue (`overdue`), soonest action first."
    )
    async def reminders(
        self,
        info: Ctx,
        within_days: int = 60,
        as_of: dt.date | None = None,
        region_code: str | None = None,
        uscc: Annotated[str | None, strawberry.argument(description="One enterprise's only.")] = None,
        first: int = 100,
    ) -> list[Reminder] | None:
        if not 0 <= within_days <= 3660:
            raise InvalidInput(f"withinDays must be between 0 and 3660; found {within_days}")
        check_first(first, info.context.max_page_size)
        today = as_of or dt.date.today()
        rows = await info.context.db_read(
            "find_reminders",
            today=today,
            until=today + dt.timedelta(days=within_days),
            region=region_prefix(region_code),
            uscc=None if uscc is None else filters.uscc(uscc),
            first=first,
        )
        return compliance.reminder_rows(rows)

    @strawberry.field(description="The read-only named queries analysts may run, with their typed parameters.")
    def named_queries(self) -> list[NamedQueryInfo] | None:
        return compliance.describe()

    @strawberry.field(
        description="Run a read-only named query from queries/ by name with typed, validated parameters (declared "
        "in its header) — never free Cypher. Rows as JSON objects, at most `first` (default 100, at most the "
        "server's maximum page size); a query with more rows is an error: narrow its parameters."
    )
    async def named_query(
        self, info: Ctx, name: str, params: JSON | None = None, first: int = 100
    ) -> list[JSON] | None:
        if params is not None and not isinstance(params, dict):
            raise InvalidInput("params must be a JSON object of parameter name → value")
        check_first(first, info.context.max_page_size)
        return await compliance.run_named(info, name, params, first)

    @strawberry.field(
        description="A disclosure list 信息公开 as published, newest first: the entries of a region (at any level) "
        "and period (2024, 2024H1, 2024Q2, 2024-03) — snapshots, never the live data. Open to everyone."
    )
    async def disclosures(
        self,
        info: Ctx,
        list: DisclosureList,
        region_code: str | None = None,
        period: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[DisclosureEntry]:
        return await disclosure.find(info, list, region_code, period, first, after)

    @strawberry.field(description="The audit trail 过程留痕, newest first (admins).")
    async def audit_trail(
        self,
        info: Ctx,
        subject: str | None = None,
        operation: str | None = None,
        kind: Annotated[str | None, strawberry.argument(description="request, mutation or authentication.")] = None,
        object_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Entries that returned or changed this object.")
        ] = None,
        since: dt.datetime | None = None,
        until: dt.datetime | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[AuditEntry] | None:
        return await audit.find(info, subject, operation, kind, object_id, since, until, first, after)

    @strawberry.field(
        description="Search 搜索: enterprises by USCC or by name (every word, in any order; full-width and "
        "half-width alike), a company's sites by local source code 污染源编码 or name, permits by number, outlets by "
        "national or local code, data-acquisition devices 数采仪 by MN; exact identifiers first."
    )
    async def search(self, info: Ctx, text: str, first: int = 20) -> list[SearchResult]:
        return await search.find(info, text, first)
