"""Views answered in one statement: the outlet trace, the one-permit view (一证式), and traceability graphs.

`outletTrace` and `permitView` return the ordinary Outlet and Permit types, but first run one hand-written
statement and prime the request's DataLoaders with its lists (each ordered exactly as its hop query orders it), so
the usual nested selection of the view costs one round trip; fields outside the view fall back to the loaders.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar, cast

from graph.records import integer, maps, props, text
from schema.fields import Ctx
from schema.graphs import KEY_PROPS, TraceGraph, build_graph
from schema.nodes import Outlet
from schema.pagination import DEFAULT_PAGE
from schema.permit_nodes import Permit

T = TypeVar("T")


async def _once(info: Ctx, view: str, key: str, fetch: Callable[[Ctx, str], Awaitable[T]]) -> T:
    """A view's object, fetched at most once per request and key (graphql-core asks again when the lean
    executor leaves a request to it)."""
    views = info.context.views
    if (view, key) not in views:
        views[view, key] = await fetch(info, key)
    return cast(T, views[view, key])


async def outlet_trace(info: Ctx, key: str) -> Outlet | None:
    return await _once(info, "outletTrace", key, _outlet_trace)


async def _outlet_trace(info: Ctx, key: str) -> Outlet | None:
    rows = await info.context.db_read("trace_outlet", key=key, recent=DEFAULT_PAGE)
    if not rows:
        return None
    r = rows[0]
    prime = info.context.loaders.prime
    prime("list_enterprises_of_outlets", key, [props(r["enterprise"])])
    treatments, untreated = maps(r["treatments"]), maps(r["untreated"])
    prime("list_treatment_facilities_of_outlets", key, [props(t["node"]) for t in treatments])
    facilities = list(untreated)
    for t in treatments:
        sources = maps(t["sources"])
        prime(
            "list_sources_of_treatment_facilities", text(props(t["node"])["key"]), [props(f["node"]) for f in sources]
        )
        facilities.extend(sources)
    for f in facilities:
        prime("list_eia_approvals_of_production_facilities", text(props(f["node"])["key"]), maps(f["approvals"]))
    prime("list_untreated_sources_of_outlets", key, [props(f["node"]) for f in untreated])
    prime("list_limits_of_outlets", key, maps(r["limits"]))
    permits = maps(r["permits"])
    prime("list_permits_of_outlets", key, [props(p["node"]) for p in permits])
    for p in permits:
        prime("list_eia_approvals_of_permits", text(props(p["node"])["number"]), maps(p["approvals"]))
    prime("list_exceedances_of_outlets", key, maps(r["exceedances"]), integer(r["exceedance_count"]))
    prime("list_series_of_outlets", key, [], integer(r["series_count"]))  # its count, for compliant
    return Outlet.from_node(props(r["outlet"]))


async def permit_view(info: Ctx, number: str) -> Permit | None:
    return await _once(info, "permitView", number, _permit_view)


async def _permit_view(info: Ctx, number: str) -> Permit | None:
    rows = await info.context.db_read("get_permit_view", number=number, recent=DEFAULT_PAGE)
    if not rows:
        return None
    r = rows[0]
    prime = info.context.loaders.prime
    prime("list_enterprises_of_permits", number, [props(r["enterprise"])])
    prime("list_outlets_of_permits", number, maps(r["outlets"]))
    prime("list_limits_of_permits", number, maps(r["limits"]))
    prime("list_eia_approvals_of_permits", number, maps(r["approvals"]))
    reports = maps(r["reports"])
    prime("list_reports_of_permits", number, reports, integer(r["report_count"]))
    for report in reports:
        prime("list_emissions_of_execution_reports", text(report["key"]), maps(report["emissions"]))
    prime("list_exceedances_of_permits", number, maps(r["exceedances"]), integer(r["exceedance_count"]))
    prime("list_inspections_of_permits", number, maps(r["inspections"]), integer(r["inspection_count"]))
    prime("list_violations_of_permits", number, maps(r["violations"]), integer(r["violation_count"]))
    return Permit.from_node(props(r["permit"]))


TRACE_QUERIES = {
    "Outlet": "trace_graph_of_outlet",
    "Enterprise": "trace_graph_of_enterprise",
    "ProductionFacility": "trace_graph_of_production_facility",
}


async def trace_graph(info: Ctx, label: str, key: str) -> TraceGraph | None:
    rows = await info.context.db_read(TRACE_QUERIES[label], key=key, keyprops=KEY_PROPS)
    if not rows or not rows[0]["nodes"]:
        return None
    return build_graph(rows[0])
