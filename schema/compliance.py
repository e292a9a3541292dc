"""Compliance in the API: the findings list and its aggregates, reminders, and analysts' named queries."""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from typing import Any, cast

import strawberry
from strawberry.scalars import JSON

from graph.catalog import catalog
from graph.errors import InvalidInput, bounded
from graph.records import Record, integer, number, optional_text
from schema.convert import plain
from schema.dashboards import GROUPS_MAX, Bucket
from schema.fields import Ctx
from schema.filters import industry_prefix, region_prefix, window
from schema.pagination import MAX_OFFSET, check_first

WRITE_VERBS = ("merge_", "link_", "derive_", "close_", "start_", "finish_")
INT64 = 2**63 - 1
PAGE_PARAMS = frozenset({"first", "recent", "limit", "top"})  # int parameters that size a list: at most a page
OFFSETS = frozenset({"offset", "skip"})  # int parameters that skip into a list: at most MAX_OFFSET
MAX_TEXT = 1000  # characters of a string parameter
MAX_ITEMS = 1000  # items of a list parameter


@strawberry.enum(description="Finding status.")
class FindingStatus(Enum):
    OPEN = strawberry.enum_value("open", description="未关闭 open")
    CLOSED = strawberry.enum_value("closed", description="已关闭 closed")


@strawberry.enum(description="Finding severity.")
class Severity(Enum):
    CRITICAL = strawberry.enum_value("critical", description="严重 critical")
    HIGH = strawberry.enum_value("high", description="高 high")
    MEDIUM = strawberry.enum_value("medium", description="中 medium")
    LOW = strawberry.enum_value("low", description="低 low")


@strawberry.input(description="Which findings: all filters must hold.")
class FindingFilter:
    rule: str | None = strawberry.field(default=None, description="Rule id, e.g. concentration_exceedance.")
    severity: Severity | None = strawberry.field(default=None, description="Severity.")
    status: FindingStatus | None = strawberry.field(default=None, description="Open or closed.")
    region_code: str | None = strawberry.field(
        default=None, description="Region at any level: the enterprise's, or the one a regional finding concerns."
    )
    industry_code: str | None = strawberry.field(default=None, description="Enterprise's industry at any level.")
    seen_from: dt.date | None = strawberry.field(default=None, description="Last found on or after this day.")
    seen_to: dt.date | None = strawberry.field(default=None, description="Last found on or before this day.")


def finding_params(f: FindingFilter | None) -> dict[str, Any]:
    f = f or FindingFilter()
    window(f.seen_from, f.seen_to, "seenFrom/seenTo")
    return {
        "rule": f.rule,
        "severity": f.severity.value if f.severity else None,
        "status": f.status.value if f.status else None,
        "region": region_prefix(f.region_code),
        "industry": industry_prefix(f.industry_code),
        "seen_from": f.seen_from,
        "seen_to": f.seen_to,
    }


@strawberry.enum(description="How to group findings.")
class FindingGroup(Enum):
    RULE = strawberry.enum_value("rule", description="按规则 by rule")
    SEVERITY = strawberry.enum_value("severity", description="按严重程度 by severity")
    PROVINCE = strawberry.enum_value("province", description="按省 by province")
    PREFECTURE = strawberry.enum_value("prefecture", description="按地市 by prefecture")
    COUNTY = strawberry.enum_value("county", description="按区县 by county")
    INDUSTRY_DIVISION = strawberry.enum_value("industry_division", description="按行业大类 by industry division")
    INDUSTRY = strawberry.enum_value("industry", description="按行业 by industry")
    YEAR = strawberry.enum_value("year", description="按年 by year")
    QUARTER = strawberry.enum_value("quarter", description="按季度 by quarter")
    MONTH = strawberry.enum_value("month", description="按月 by month")


async def finding_stats(
    info: Ctx, group_by: FindingGroup, status: FindingStatus | None, region: str | None, first: int
) -> list[Bucket]:
    check_first(first, max(GROUPS_MAX, info.context.max_page_size))
    rows = await info.context.db_read_shared(
        "aggregate_findings",
        group_by=group_by.value,
        status=status.value if status else None,
        region=region_prefix(region),
        industry=None,
        first=first,
    )
    return [
        Bucket(
            key=str(r["key"]),
            name=optional_text(r["name"]),
            count=integer(r["count"]),
            amount=number(r["amount"]),
            permitted=None,
        )
        for r in rows
        if r["key"] is not None
    ]


@strawberry.type(
    description="Something to act on 到期提醒: a permit or licence to renew, a report to file — within the window "
    "by its act-by date, or overdue."
)
class Reminder:
    kind: str = strawberry.field(description="permit_expiry / licence_expiry / report_due.")
    due_on: dt.date = strawberry.field(description="The date it falls due (end of validity, report deadline).")
    act_by: dt.date = strawberry.field(
        description="Act by 办理期限: a permit's renewal 60 days before expiry, a licence's 30, a report's deadline."
    )
    overdue: bool = strawberry.field(description="The act-by date has passed and nothing was done 已逾期.")
    uscc: str = strawberry.field(description="The enterprise's USCC.")
    name: str = strawberry.field(description="The enterprise's name.")
    label: str = strawberry.field(description="What falls due: Permit, HazardousWasteLicence or ExecutionReport.")
    key: str = strawberry.field(description="Its natural key (permit number, licence number, report key).")
    message: str = strawberry.field(description="One line for a reminder list.")


def reminder_rows(rows: list[Record]) -> list[Reminder]:
    return [Reminder(**plain(r)) for r in rows]


# --- analysts' named queries ------------------------------------------------------------------------------------
_PARAM = re.compile(r"([a-z_]+): ([a-z<>|]+)")


def declared_params(name: str) -> dict[str, str]:
    """Parameter name → declared type, from the query's `// params:` header line."""
    header = catalog()[name].params
    return {m.group(1): m.group(2) for m in _PARAM.finditer(header) if m.start() == 0 or header[m.start() - 2] in ";"}


def _coerce(name: str, kind: str, value: Any, max_page: int) -> Any:
    nullable = kind.endswith("|null")
    base = kind.removesuffix("|null")
    if value is None:
        if nullable:
            return None
        raise InvalidInput(f"parameter {name!r} ({kind}) is required")
    try:
        if base == "string" and isinstance(value, str) and len(value) <= MAX_TEXT:
            return value
        if base == "int" and isinstance(value, int) and not isinstance(value, bool):
            low, top = (0, max_page) if name in PAGE_PARAMS else (0, MAX_OFFSET) if name in OFFSETS else (-INT64, INT64)
            if not low <= value <= top:
                raise InvalidInput(bounded(f"parameter {name!r} must be between {low} and {top}; found {value}", 200))
            return value
        if base == "float" and isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        if base == "date" and isinstance(value, str):
            return dt.date.fromisoformat(value)
        if (
            base == "list<string>"
            and isinstance(value, list)
            and len(value) <= MAX_ITEMS
            and all(isinstance(v, str) and len(v) <= MAX_TEXT for v in value)
        ):
            return value
    except ValueError:
        pass
    raise InvalidInput(
        f"parameter {name!r} must be a {kind} (strings of at most {MAX_TEXT} characters, lists of at most "
        f"{MAX_ITEMS} items); found {bounded(repr(value), 80)}"
    )


def readable_queries() -> list[str]:
    """Named queries analysts may run: read-only ones whose parameters are all declared with a type we check."""
    names = []
    for name in sorted(catalog()):
        if name.startswith(WRITE_VERBS):
            continue
        params = declared_params(name)
        known = {"string", "int", "float", "date", "list<string>"}
        if all(t.removesuffix("|null") in known for t in params.values()):
            names.append(name)
    return names


@strawberry.type(description="A named query analysts may run, with its documented parameters.")
class NamedQueryInfo:
    name: str = strawberry.field(description="The query's name (queries/<name>.cypher).")
    summary: str = strawberry.field(description="What it answers (its header).")
    params: JSON = strawberry.field(description="Parameter name → declared type (string, int, date, …|null).")


def describe() -> list[NamedQueryInfo]:
    return [
        NamedQueryInfo(name=n, summary=catalog()[n].summary, params=cast(JSON, declared_params(n)))
        for n in readable_queries()
    ]


async def run_named(info: Ctx, name: str, params: dict[str, Any] | None, first: int) -> list[JSON]:
    if name not in readable_queries():
        raise InvalidInput(f"no read-only named query {name!r}; see namedQueries for the list")
    declared = declared_params(name)
    given = dict(params or {})
    if extra := sorted(set(given) - set(declared)):
        raise InvalidInput(f"{name} takes no parameter(s) {', '.join(extra)}; it takes {', '.join(declared)}")
    max_page = info.context.max_page_size
    values = {p: _coerce(p, kind, given.get(p), max_page) for p, kind in declared.items()}
    # The database stops after first + 1 rows: a query with more is refused without fetching the rest.
    rows = await info.context.db.read(name, max_rows=first, **values)
    if len(rows) > first:
        raise InvalidInput(f"{name} has more than {first} rows: narrow its parameters (first is at most {max_page})")
    return [_jsonable(plain(r)) for r in rows]


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, float) and value != value:  # NaN has no JSON form
        return None
    return value
