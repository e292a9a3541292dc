"""Exports: every root list and aggregate of the API as CSV or XLSX, the maps as GeoJSON and the reminders as an
iCalendar feed — `GET /export/<name>.<format>` and `permitgraph export`.

An export runs the API's own GraphQL field, page after page, as the caller (so the access table, region scope and
request limits hold exactly as they do at /graphql), with the field's arguments and filter fields taken from the
query string by name (`/export/violations.csv?regionCode=130200&dateFrom=2024-01-01` is `violations(filter:
{regionCode: "130200", dateFrom: "2024-01-01"})`). Columns are the node type's scalar fields, read from the schema.
CSV streams as it is read; XLSX is written to a temporary file (openpyxl's write-only mode) and then streamed, so
memory stays flat however many rows."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import strawberry
from fastapi import FastAPI, Request
from fastapi.responses import Response, StreamingResponse
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    Undefined,
)
from icalendar import Calendar, Event
from openpyxl import Workbook

from api.settings import Settings
from api.throttle import Throttle, caller_id
from graph.async_db import AsyncDatabase, budget
from graph.errors import (
    DatabaseUnavailable,
    Forbidden,
    InvalidInput,
    NotFound,
    RequestTimeout,
    TooComplex,
    TooLarge,
)
from schema.access import Principal
from schema.context import Context
from schema.internals import graphql_schema
from schema.lists import MAP_POINTS_MAX

PAGE = 500  # rows per GraphQL page of an export
_ERRORS = (DatabaseUnavailable, Forbidden, NotFound, RequestTimeout, TooComplex, TooLarge, InvalidInput)
ROWS_MAX = 200_000  # an export of more rows is refused when it reaches them: narrow the filters
LISTS = (  # root fields exported row by row: connections (paged) and plain lists (one call)
    "enterprises",
    "permits",
    "outlets",
    "violations",
    "findings",
    "exceedances",
    "inspections",
    "penalties",
    "regions",
    "industries",
    "pollutants",
    "aggregate",
    "topEnterprises",
    "findingStats",
    "reminders",
)
GEO = {"enterprises": "ENTERPRISES", "outlets": "OUTLETS"}  # <name>.geojson: mapPoints(kind: …)
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "geojson": "application/geo+json",
    "ics": "text/calendar; charset=utf-8",
}


def _named(t: Any) -> Any:
    while isinstance(t, GraphQLNonNull | GraphQLList):
        t = t.of_type
    return t


@dataclass(frozen=True)
class Plan:
    """What one export asks: its document, variables, the path to its rows and their columns."""

    field: str
    document: str
    variables: dict[str, Any]
    columns: list[str]
    paged: bool


def _columns(row_type: GraphQLObjectType) -> list[str]:
    """The scalar and enum fields of a row type that take no required argument (provenance left out), with the
    first level of nested objects that name something (an enterprise's uscc and name) as `<field>.<sub>`."""
    columns: list[str] = []
    for name, f in row_type.fields.items():
        if name in ("source", "sources") or any(isinstance(a.type, GraphQLNonNull) for a in f.args.values()) or f.args:
            continue
        target = _named(f.type)
        if isinstance(target, GraphQLScalarType | GraphQLEnumType):
            columns.append(name)
        elif isinstance(target, GraphQLObjectType) and not isinstance(f.type, GraphQLList):
            subs = [s for s in ("uscc", "code", "number", "name") if s in target.fields]
            columns.extend(f"{name}.{s}" for s in subs[:2])
    return columns


def _selection(columns: list[str]) -> str:
    nested: dict[str, list[str]] = {}
    flat: list[str] = []
    for c in columns:
        head, _, sub = c.partition(".")
        (nested.setdefault(head, []).append(sub) if sub else flat.append(head))
    return " ".join(flat + [f"{k} {{ {' '.join(v)} }}" for k, v in nested.items()])


def _coerce(text: str, type_: Any, what: str) -> Any:
    """A query-string value as the argument's GraphQL type: numbers and booleans parsed, lists comma-separated."""
    inner = type_.of_type if isinstance(type_, GraphQLNonNull) else type_
    if isinstance(inner, GraphQLList):
        return [_coerce(part.strip(), inner.of_type, what) for part in text.split(",") if part.strip()]
    name = _named(inner).name
    try:
        if name == "Int":
            return int(text)
        if name == "Float":
            return float(text)
    except ValueError:
        raise InvalidInput(f"{what} takes a number; found {text[:40]!r}") from None
    if name == "Boolean":
        if text.lower() not in {"true", "false", "1", "0"}:
            raise InvalidInput(f"{what} takes true or false; found {text[:40]!r}")
        return text.lower() in {"true", "1"}
    return text


def plan(schema: GraphQLSchema, field_name: str, params: dict[str, str]) -> Plan:
    """The document, variables and columns of an export of a root field with query-string parameters."""
    query_type = schema.query_type
    assert query_type is not None
    field: GraphQLField = query_type.fields[field_name]
    target = _named(field.type)
    paged = "nodes" in getattr(target, "fields", {})
    row_type = _named(target.fields["nodes"].type) if paged else target
    filter_type = _named(field.args["filter"].type) if "filter" in field.args else None
    args: dict[str, Any] = {}
    filters: dict[str, Any] = {}
    for key, value in params.items():
        if paged and key in {"first", "after"}:
            continue  # the export pages itself
        if key in field.args:
            args[key] = _coerce(value, field.args[key].type, key)
        elif isinstance(filter_type, GraphQLInputObjectType) and key in filter_type.fields:
            filters[key] = _coerce(value, filter_type.fields[key].type, key)
        else:
            known = sorted(set(field.args) - {"filter", "first", "after"} | set(getattr(filter_type, "fields", {})))
            raise InvalidInput(f"{field_name} has no argument or filter {key[:40]!r}; it takes: {', '.join(known)}")
    if filters:
        args["filter"] = filters
    required = [n for n, a in field.args.items() if isinstance(a.type, GraphQLNonNull) and a.default_value is Undefined]
    if absent := [n for n in required if n not in args]:
        raise InvalidInput(f"{field_name} needs {', '.join(absent)}")
    declared = [f"${n}: {field.args[n].type}" for n in args]
    passed = [f"{n}: ${n}" for n in args]
    columns = _columns(row_type) if isinstance(row_type, GraphQLObjectType) else []
    if paged:
        declared += ["$first: Int", "$after: String"]
        passed += ["first: $first", "after: $after"]
        body = f"pageInfo {{ hasNextPage endCursor }} nodes {{ {_selection(columns)} }}"
    else:  # a plain list answers in one call, up to its own `first` (its default unless the caller gave one)
        body = _selection(columns)
    variables_def = f"({', '.join(declared)})" if declared else ""
    arguments = f"({', '.join(passed)})" if passed else ""
    selection = f" {{ {body} }}" if body else ""  # a JSON answer (mapPoints) has no selection
    document = f"query Export{variables_def} {{ rows: {field_name}{arguments}{selection} }}"
    return Plan(field_name, document, args, columns, paged)


Runner = Callable[[str, dict[str, Any]], Awaitable[dict[str, Any]]]


def runner(schema: strawberry.Schema, db: AsyncDatabase, principal: Principal, audit: Any, seconds: float) -> Runner:
    """Runs one export document as the caller, each page under its own time budget; errors are raised located."""

    async def run(document: str, variables: dict[str, Any]) -> dict[str, Any]:
        context = Context(db=db, max_page_size=PAGE, principal=principal, audit=audit)
        with budget(seconds):
            result = await schema.execute(document, variable_values=variables, context_value=context)
        if result.errors:  # the errors as /graphql would give them (masked, coded): raised as what they are
            first = result.errors[0]
            code = (first.extensions or {}).get("code")
            kind = next((k for k in _ERRORS if k.code == code), InvalidInput)
            raise kind(first.message)
        return result.data or {}

    return run


def _value(row: dict[str, Any], column: str) -> Any:
    head, _, sub = column.partition(".")
    value = row.get(head)
    if sub:
        value = value.get(sub) if isinstance(value, dict) else None
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return value


async def rows(p: Plan, run: Runner) -> AsyncIterator[list[Any]]:
    """The export's rows, page after page; TooLarge past ROWS_MAX."""
    after: str | None = None
    count = 0
    while True:
        variables = dict(p.variables)
        if p.paged:
            variables |= {"first": PAGE, "after": after}
        data = (await run(p.document, variables)).get("rows")
        if data is None:
            return
        items = data["nodes"] if p.paged else data
        for item in items:
            count += 1
            if count > ROWS_MAX:
                raise TooLarge(f"an export holds at most {ROWS_MAX:,} rows: narrow the filters")
            yield [_value(item, c) for c in p.columns]
        if not p.paged or not data["pageInfo"]["hasNextPage"]:
            return
        after = data["pageInfo"]["endCursor"]


def _csv_line(values: list[Any]) -> str:
    buf = io.StringIO()
    csv.writer(buf).writerow(["" if v is None else v for v in values])
    return buf.getvalue()


async def csv_stream(
    first: list[list[Any]], more: AsyncIterator[list[Any]], columns: list[str]
) -> AsyncIterator[bytes]:
    """UTF-8 with a byte-order mark (spreadsheet programs need it to read Chinese), header first."""
    yield ("\ufeff" + _csv_line(columns)).encode()
    for row in first:
        yield _csv_line(row).encode()
    async for row in more:
        yield _csv_line(row).encode()


async def xlsx_file(first: list[list[Any]], more: AsyncIterator[list[Any]], columns: list[str], title: str) -> str:
    """The rows in a workbook on disk (write-only: rows go to a temporary file as they come); its path."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.append(columns)
    for row in first:
        sheet.append(row)
    async for row in more:
        sheet.append(row)
    fd, path = tempfile.mkstemp(suffix=".xlsx", prefix="permitgraph-export-")
    os.close(fd)
    book.save(path)
    return path


def _file_chunks(path: str) -> Iterator[bytes]:
    try:
        with open(path, "rb") as f:
            while chunk := f.read(1 << 16):
                yield chunk
    finally:
        os.unlink(path)


def calendar(reminders: list[dict[str, Any]]) -> bytes:
    """One all-day event per reminder on its act-by date (RFC 5545), stable UIDs so a subscribed calendar updates."""
    cal = Calendar()
    cal.add("prodid", "-//permitgraph//reminders//ZH")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "排污许可到期提醒 permitgraph reminders")
    for r in reminders:
        event = Event()
        event.add("uid", f"{r['kind']}:{r['label']}:{r['key']}@permitgraph")
        event.add("dtstart", dt.date.fromisoformat(r["actBy"]))
        event.add("summary", f"{r['name']}: {r['message']}")
        event.add("description", f"{r['uscc']} · due {r['dueOn']}" + (" · overdue" if r["overdue"] else ""))
        event.add("dtstamp", dt.datetime.now(dt.UTC))
        cal.add_component(event)
    return bytes(cal.to_ical())


async def export(
    schema: strawberry.Schema, run: Runner, name: str, fmt: str, params: dict[str, str]
) -> tuple[Any, str]:
    """(body — bytes, an async byte stream or a file path for XLSX —, media type) of `<name>.<fmt>`."""
    types = graphql_schema(schema)  # the graphql-core schema: argument and field types by name
    if fmt not in FORMATS:
        raise InvalidInput("an export is <name>.csv, .xlsx, .geojson (enterprises, outlets) or .ics (reminders)")
    if fmt == "geojson":
        if name not in GEO:
            raise InvalidInput(f"GeoJSON exports: {', '.join(GEO)}")
        p = plan(types, "mapPoints", {"first": str(MAP_POINTS_MAX), **params, "kind": GEO[name]})
        data = await run(p.document, p.variables)
        return json.dumps(data["rows"], ensure_ascii=False).encode(), FORMATS[fmt]
    if name not in LISTS:
        raise InvalidInput(f"no export {name[:40]!r}; exports: {', '.join(LISTS)}")
    if fmt == "ics":
        if name != "reminders":
            raise InvalidInput("an iCalendar feed is reminders.ics")
        p = plan(types, "reminders", params)
        found = [dict(zip(p.columns, r, strict=True)) async for r in rows(p, run)]
        return calendar(found), FORMATS[fmt]
    p = plan(types, name, params)
    stream = rows(p, run)
    first = [row async for row in _take(stream, PAGE)]  # the first page before answering: its errors are a 4xx
    if fmt == "csv":
        return csv_stream(first, stream, p.columns), FORMATS[fmt]
    return await xlsx_file(first, stream, p.columns, name), FORMATS[fmt]


async def _take(stream: AsyncIterator[list[Any]], n: int) -> AsyncIterator[list[Any]]:
    for _ in range(n):
        try:
            yield await anext(stream)
        except StopAsyncIteration:
            return


def mount(app: FastAPI, settings: Settings, schema: strawberry.Schema, throttle: Throttle) -> None:
    @app.get("/export/{filename}", summary="A list, aggregate, map or reminders of the API as a file")
    async def download(request: Request, filename: str) -> Response:
        """`<name>.csv|xlsx` for enterprises, permits, outlets, violations, findings, exceedances, inspections,
        penalties, regions, industries, pollutants, aggregate, topEnterprises, findingStats, reminders — the query
        string holds the field's arguments and filter fields by their GraphQL names; `enterprises.geojson` and
        `outlets.geojson` (regionCode, bbox=west,south,east,north); `reminders.ics`. As the caller: the same roles
        and limits as /graphql."""
        if len(filename) > 40 or "." not in filename:
            raise InvalidInput("an export is <name>.<format>, e.g. violations.csv")
        name, _, fmt = filename.rpartition(".")
        params = dict(request.query_params)
        if len(params) > 20 or any(len(v) > 200 for v in params.values()):
            raise InvalidInput("an export takes at most 20 parameters of at most 200 characters")
        principal = await request.app.state.auth.principal(request.headers.get("authorization"))
        caller = caller_id(request.client, None if principal.via == "anonymous" else principal.subject)
        throttle.admit(caller, principal.role, 0)
        run = runner(
            schema, request.app.state.db, principal, request.app.state.audit, settings.permitgraph_request_seconds
        )
        body, media = await export(schema, run, name, fmt, params)
        headers = {"Content-Disposition": f'attachment; filename="{name}.{fmt}"'}
        if isinstance(body, bytes):
            return Response(body, media_type=media, headers=headers)
        if isinstance(body, str):  # an XLSX on disk
            return StreamingResponse(_file_chunks(body), media_type=media, headers=headers)
        return StreamingResponse(body, media_type=media, headers=headers)
