"""The disclosure lists as files (`GET /disclosures/<list>.csv` or `.xlsx`, open to everyone): the entries as
published (queries/find_disclosures.cypher), every row of a region and period, in the order the API pages them."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Annotated, Any

from fastapi import FastAPI, Path, Query, Request
from fastapi.responses import Response
from openpyxl import Workbook

from api.throttle import Throttle, caller_id
from graph.errors import InvalidInput, TooLarge
from graph.records import integer, maps
from schema.disclosure import LIST_NAMES
from schema.filters import period_window, region_prefix

ROWS_MAX = 50_000  # a file of more rows is refused: narrow the region or the period
PAGE = 1000
# The file's columns: (entry property, header). One row per published entry.
COLUMNS = (
    ("chinese_name", "名单 list"),
    ("uscc", "统一社会信用代码 USCC"),
    ("enterprise_name", "单位名称 enterprise"),
    ("address", "地址 address"),
    ("region_code", "行政区划代码 region"),
    ("what", "违法事实 what"),
    ("article", "违反条款 article"),
    ("day", "日期 day"),
    ("amount_yuan", "罚款金额(元) penalty (yuan)"),
    ("authority", "处罚机关 authority"),
    ("basis_label", "依据 basis"),
    ("basis_key", "依据编号 basis id"),
    ("period", "公开期间 period"),
    ("published_at", "公开时间 published"),
)
MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


async def entries(request: Request, which: str, region_code: str | None, period: str | None) -> list[dict[str, Any]]:
    since, until = period_window(period) if period else (None, None)
    region = region_prefix(region_code)
    found: list[dict[str, Any]] = []
    while True:
        rows = await request.app.state.db.read(
            "find_disclosures", list=which, region=region, since=since, until=until, offset=len(found), first=PAGE
        )
        total, nodes = (integer(rows[0]["total"]), maps(rows[0]["nodes"])) if rows else (0, [])
        if total > ROWS_MAX:
            raise TooLarge(
                f"the list has {total:,} entries; a file holds at most {ROWS_MAX:,}: narrow the region or period"
            )
        found.extend(nodes)
        if not nodes or len(found) >= total:
            return found


def _cells(entry: dict[str, Any]) -> list[Any]:
    values = {**entry, "chinese_name": LIST_NAMES.get(str(entry.get("list")), entry.get("list"))}
    out = []
    for prop, _ in COLUMNS:
        value = values.get(prop)
        native = getattr(value, "to_native", None)  # neo4j temporal values
        if callable(native):
            value = native()
        if isinstance(value, dt.datetime):
            value = value.astimezone(dt.UTC).replace(tzinfo=None, microsecond=0)
        out.append(value)
    return out


def csv_bytes(rows: list[dict[str, Any]]) -> bytes:
    """UTF-8 with a byte-order mark, which spreadsheet programs need to read Chinese text from a CSV."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow([h for _, h in COLUMNS])
    for row in rows:
        writer.writerow(["" if v is None else v.isoformat() if isinstance(v, dt.date) else v for v in _cells(row)])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def xlsx_bytes(rows: list[dict[str, Any]], title: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.append([h for _, h in COLUMNS])
    for row in rows:
        sheet.append(_cells(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def mount(app: FastAPI, throttle: Throttle) -> None:
    @app.get("/disclosures/{name}", summary="A disclosure list as published, as a CSV or XLSX file")
    async def download(
        request: Request,
        name: Annotated[str, Path(description="<list>.csv or <list>.xlsx; lists: " + ", ".join(LIST_NAMES))],
        region_code: Annotated[str | None, Query(alias="regionCode", max_length=6)] = None,
        period: Annotated[str | None, Query(max_length=10)] = None,
    ) -> Response:
        """Every published entry of one list in a region (at any level) and period (2024, 2024Q2, 2024-03)."""
        which, _, fmt = name.rpartition(".")
        if which not in LIST_NAMES or fmt not in MEDIA:
            raise InvalidInput(f"a list file is <list>.csv or <list>.xlsx, lists: {', '.join(LIST_NAMES)}")
        throttle.admit(caller_id(request.client), "public", 0)
        rows = await entries(request, which, region_code, period)
        stem = "-".join(x for x in (which, region_code, period) if x)
        body = csv_bytes(rows) if fmt == "csv" else xlsx_bytes(rows, which)
        headers = {"Content-Disposition": f'attachment; filename="{stem}.{fmt}"'}
        return Response(body, media_type=MEDIA[fmt], headers=headers)
