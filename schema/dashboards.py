"""Dashboard aggregates: counts and sums grouped by region, industry, class or period, and top-N rankings —
each answered by one aggregating statement in the database."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

import strawberry

from graph.errors import InvalidInput
from graph.records import integer, number, optional_text
from schema.fields import Ctx
from schema.filters import ManagementClass, enum_value, industry_prefix, region_prefix, window
from schema.nodes import Enterprise
from schema.pagination import check_first

# Groups an aggregate may return: a province's counties (Hebei has ~170) fit, where a list page's 100 would not.
GROUPS_MAX = 500


@strawberry.enum(description="What to count or sum.")
class Measure(Enum):
    PERMITS_ISSUED = strawberry.enum_value("permits_issued", description="核发许可证 permits issued")
    PERMITS_EXPIRING = strawberry.enum_value("permits_expiring", description="到期许可证 permits expiring")
    VIOLATIONS = strawberry.enum_value("violations", description="违法行为 violations")
    PENALTIES = strawberry.enum_value("penalties", description="行政处罚 penalties (count, fines in yuan)")
    EXCEEDANCES = strawberry.enum_value("exceedances", description="超标 exceedances")
    EMISSIONS = strawberry.enum_value("emissions", description="实际排放量 actual vs permitted emissions (t)")


MEASURE_QUERIES = {
    Measure.PERMITS_ISSUED: "aggregate_permits_issued",
    Measure.PERMITS_EXPIRING: "aggregate_permits_expiring",
    Measure.VIOLATIONS: "aggregate_violations",
    Measure.PENALTIES: "aggregate_penalties",
    Measure.EXCEEDANCES: "aggregate_exceedances",
    Measure.EMISSIONS: "aggregate_emissions",
}


@strawberry.enum(description="How to group.")
class GroupBy(Enum):
    PROVINCE = strawberry.enum_value("province", description="按省 by province")
    PREFECTURE = strawberry.enum_value("prefecture", description="按地市 by prefecture")
    COUNTY = strawberry.enum_value("county", description="按区县 by county")
    INDUSTRY_DIVISION = strawberry.enum_value("industry_division", description="按行业大类 by industry division")
    INDUSTRY = strawberry.enum_value("industry", description="按行业 by industry")
    MANAGEMENT_CLASS = strawberry.enum_value("management_class", description="按管理类别 by management class")
    YEAR = strawberry.enum_value("year", description="按年 by year")
    QUARTER = strawberry.enum_value("quarter", description="按季度 by quarter")
    MONTH = strawberry.enum_value("month", description="按月 by month")


@strawberry.enum(description="Order of non-time groups: largest count or largest amount first.")
class RankBy(Enum):
    COUNT = strawberry.enum_value("count", description="按数量 by count")
    AMOUNT = strawberry.enum_value("amount", description="按金额或数量值 by amount")


@strawberry.input(description="Which records a dashboard counts: all filters must hold.")
class DashboardFilter:
    region_code: str | None = strawberry.field(default=None, description="Region at any level.")
    industry_code: str | None = strawberry.field(default=None, description="Industry at any level.")
    management_class: ManagementClass | None = strawberry.field(default=None, description="Management class 管理类别.")
    date_from: dt.date | None = strawberry.field(
        default=None, description="From this day (issue, expiry, violation, penalty, exceedance date; report year)."
    )
    date_to: dt.date | None = strawberry.field(default=None, description="Up to and including this day.")
    pollutant_code: str | None = strawberry.field(default=None, description="EMISSIONS only: one pollutant.")


@strawberry.type(description="One group of a dashboard aggregate.")
class Bucket:
    key: str = strawberry.field(description="Group key: region or industry code, class, 2024, 2024Q1, 2024-03, USCC.")
    name: str | None = strawberry.field(description="Display name 名称 of a region, industry or enterprise.")
    count: int = strawberry.field(description="Records in the group.")
    amount: float = strawberry.field(
        description="Sum of the measure's amount: fines (yuan) for PENALTIES, actual emissions (t) for EMISSIONS, "
        "exceedance ratios for EXCEEDANCES; 0 for pure counts."
    )
    permitted: float | None = strawberry.field(description="EMISSIONS only: permitted annual amounts (t).")


@strawberry.type(description="An enterprise's place in a ranking.")
class RankedEnterprise:
    enterprise: Enterprise = strawberry.field(description="The enterprise 排污单位.")
    count: int = strawberry.field(description="Records counted for it.")
    amount: float = strawberry.field(description="Sum of the measure's amount for it (see Bucket.amount).")


def _params(f: DashboardFilter | None, group_by: str, rank_by: RankBy, first: int, cap: int) -> dict[str, Any]:
    check_first(first, cap)
    f = f or DashboardFilter()
    window(f.date_from, f.date_to, "dateFrom/dateTo")
    return {
        "group_by": group_by,
        "rank_by": rank_by.value,
        "region": region_prefix(f.region_code),
        "industry": industry_prefix(f.industry_code),
        "class": enum_value(f.management_class),
        "date_from": f.date_from,
        "date_to": f.date_to,
        "pollutant": f.pollutant_code,
        "then_by": None,
        "first": first,
    }


async def aggregate(
    info: Ctx, measure: Measure, group_by: GroupBy, f: DashboardFilter | None, rank_by: RankBy, first: int
) -> list[Bucket]:
    params = _params(f, str(group_by.value), rank_by, first, max(GROUPS_MAX, info.context.max_page_size))
    rows = await info.context.db_read_shared(MEASURE_QUERIES[measure], **params)
    emissions = measure is Measure.EMISSIONS
    return [
        Bucket(
            key=str(r["key"]),
            name=optional_text(r["name"]),
            count=integer(r["count"]),
            amount=number(r["amount"], 0.0),
            permitted=number(r["permitted"], 0.0) if emissions else None,
        )
        for r in rows
        if r["key"] is not None
    ]


async def top_enterprises(
    info: Ctx, measure: Measure, f: DashboardFilter | None, rank_by: RankBy, first: int
) -> list[RankedEnterprise]:
    params = _params(f, "enterprise", rank_by, first, info.context.max_page_size)
    rows = await info.context.db_read_shared(MEASURE_QUERIES[measure], **params)
    loader = info.context.loaders.hop("get_enterprises")
    pages = await loader.load_many([str(r["key"]) for r in rows])
    return [
        RankedEnterprise(
            enterprise=Enterprise.from_node(nodes[0]), count=integer(r["count"]), amount=number(r["amount"])
        )
        for r, (_, nodes) in zip(rows, pages, strict=True)
        if nodes
    ]


@strawberry.enum(description="The periods of a table's columns 时间粒度.")
class Period(Enum):
    YEAR = strawberry.enum_value("year", description="按年 by year")
    QUARTER = strawberry.enum_value("quarter", description="按季度 by quarter")
    MONTH = strawberry.enum_value("month", description="按月 by month")


@strawberry.type(description="One group of a table of groups × periods: its total and a cell per period.")
class TableRow:
    key: str = strawberry.field(description="Group key: region or industry code, class.")
    name: str | None = strawberry.field(description="Display name 名称.")
    count: int = strawberry.field(description="Records in the group over every period.")
    amount: float = strawberry.field(description="Sum of the measure's amount over every period.")
    cells: list[Bucket] = strawberry.field(
        description="One per period in time order, every period of the span present (an empty one counts 0)."
    )


PERIODS_MAX = 120  # columns of a table: ten years by month
CELLS_MAX = 20_000  # (group, period) pairs read from the database for one table


def periods_between(first: str, last: str, period: Period) -> list[str]:
    """Every period key from `first` to `last` inclusive: 2023, 2024 · 2023Q4, 2024Q1 · 2023-12, 2024-01."""

    def index(key: str) -> int:
        year = int(key[:4])
        if period is Period.QUARTER:
            return year * 4 + int(key[5]) - 1
        if period is Period.MONTH:
            return year * 12 + int(key[5:7]) - 1
        return year

    def key(i: int) -> str:
        if period is Period.QUARTER:
            return f"{i // 4}Q{i % 4 + 1}"
        if period is Period.MONTH:
            return f"{i // 12}-{i % 12 + 1:02d}"
        return str(i)

    return [key(i) for i in range(index(first), index(last) + 1)]


def _period_of(day: dt.date, period: Period) -> str:
    if period is Period.QUARTER:
        return f"{day.year}Q{(day.month - 1) // 3 + 1}"
    if period is Period.MONTH:
        return f"{day.year}-{day.month:02d}"
    return str(day.year)


async def aggregate_table(
    info: Ctx,
    measure: Measure,
    group_by: GroupBy,
    period: Period,
    f: DashboardFilter | None,
    rank_by: RankBy,
    first: int,
) -> list[TableRow]:
    """Groups × periods in one aggregating statement: the `first` groups ranked over the whole span, each with a
    cell for every period from dateFrom (or the first period with records) to dateTo (or the last)."""
    if str(group_by.value) in {"year", "quarter", "month"}:
        raise InvalidInput("a table's rows are regions, industries or classes; its columns are the periods")
    params = _params(f, str(group_by.value), rank_by, CELLS_MAX + 1, CELLS_MAX + 1)
    check_first(first, GROUPS_MAX)
    params["then_by"] = str(period.value)
    rows = [r for r in await info.context.db_read_shared(MEASURE_QUERIES[measure], **params) if r["key"] is not None]
    if len(rows) > CELLS_MAX:
        raise InvalidInput(f"the table has more than {CELLS_MAX:,} cells: narrow the region or the dates")
    filt = f or DashboardFilter()
    found = sorted({str(r["period"]) for r in rows})
    start = _period_of(filt.date_from, period) if filt.date_from else (found[0] if found else None)
    end = _period_of(filt.date_to, period) if filt.date_to else (found[-1] if found else None)
    columns = periods_between(start, end, period) if start and end else []
    if len(columns) > PERIODS_MAX:
        raise InvalidInput(f"a table has at most {PERIODS_MAX} periods; found {len(columns)}: narrow the dates")
    groups: dict[str, dict[str, Any]] = {}
    for r in rows:
        g = groups.setdefault(str(r["key"]), {"name": optional_text(r["name"]), "cells": {}})
        g["cells"][str(r["period"])] = (integer(r["count"]), number(r["amount"], 0.0))

    def total(cells: dict[str, tuple[int, float]], i: int) -> float:
        return sum(c[i] for c in cells.values())

    rank = 1 if rank_by is RankBy.AMOUNT else 0
    ordered = sorted(groups.items(), key=lambda kv: (-total(kv[1]["cells"], rank), kv[0]))[:first]
    return [
        TableRow(
            key=k,
            name=g["name"],
            count=int(total(g["cells"], 0)),
            amount=total(g["cells"], 1),
            cells=[
                Bucket(
                    key=c,
                    name=None,
                    count=g["cells"].get(c, (0, 0.0))[0],
                    amount=g["cells"].get(c, (0, 0.0))[1],
                    permitted=None,
                )
                for c in columns
            ],
        )
        for k, g in ordered
    ]
