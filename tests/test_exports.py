"""Outlet QR codes and exports over HTTP on the hand-built graph with its findings: a QR code decodes (as a phone
would read it) to the outlet's public page; every export parses back to the rows the API gives for the same
arguments, as the caller's role allows; bad names and parameters are located 400s."""

import csv
import io
import json
from collections.abc import Iterator

import pytest
import zxingcpp
from fastapi.testclient import TestClient
from icalendar import Calendar
from openpyxl import load_workbook
from PIL import Image

from api.app import create_app
from api.auth import create_key
from api.settings import Settings
from graph.db import Database
from tests.conftest import small_checked
from tests.test_api import A, data

# beyond the inner loop (`pytest -m "not slow"`): the whole suite runs it
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client(db: Database, settings: Settings) -> Iterator[TestClient]:
    small_checked(db)
    with TestClient(
        create_app(settings.model_copy(update={"permitgraph_public_url": "https://hb.example.gov.cn/pg"}))
    ) as c:
        yield c


def _decode(png: bytes) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


def test_an_outlets_qr_code_decodes_to_its_public_page(client: TestClient) -> None:
    png = client.get(f"/qr/outlet/{A}/DA001.png")
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    assert _decode(png.content) == [f"https://hb.example.gov.cn/pg/console/outlet/{A}/DA001"]
    svg = client.get(f"/qr/outlet/{A}/FQ001.svg")  # by its local code: the page finds it either way
    assert svg.status_code == 200 and svg.headers["content-type"] == "image/svg+xml"
    assert svg.text.startswith("<svg") and f"/console/outlet/{A}/FQ001</title>" in svg.text


@pytest.mark.parametrize(
    ("path", "status", "says"),
    [
        (f"/qr/outlet/{A}/DA009.png", 404, f"no outlet DA009 of {A}"),
        (f"/qr/outlet/{A}/DA001.gif", 400, "a QR code is <outlet code>.svg or <outlet code>.png"),
        ("/qr/outlet/123/DA001.svg", 400, "a USCC has 18 characters"),
        (f"/qr/outlet/{A}/%3Cscript%3E.svg", 400, "an outlet code: HJ 608"),
        ("/export/nothing.csv", 400, "no export 'nothing'"),
        ("/export/violations.pdf", 400, "an export is <name>.csv, .xlsx"),
        ("/export/violations.csv?colour=red", 400, "violations has no argument or filter 'colour'"),
        ("/export/violations.csv?dateFrom=yesterday", 400, "Date"),
        ("/export/aggregate.csv", 400, "aggregate needs measure, groupBy"),
        ("/export/aggregate.csv?measure=EVERYTHING&groupBy=YEAR", 400, "EVERYTHING"),
        ("/export/permits.geojson", 400, "GeoJSON exports: enterprises, outlets"),
        ("/export/enterprises.geojson?bbox=1,2,3", 400, "bbox is four numbers"),
        ("/export/violations.ics", 400, "an iCalendar feed is reminders.ics"),
    ],
)
def test_bad_requests_are_located(client: TestClient, path: str, status: int, says: str) -> None:
    answer = client.get(path)
    assert answer.status_code == status, answer.text
    assert says in answer.json()["errors"][0]["message"]


def _csv(client: TestClient, path: str) -> list[dict[str, str]]:
    answer = client.get(path)
    assert answer.status_code == 200, answer.text
    assert answer.content.startswith("\ufeff".encode())  # spreadsheet programs read the Chinese with it
    return list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))


def test_a_csv_export_is_the_apis_list_with_the_same_filters(client: TestClient) -> None:
    rows = _csv(client, "/export/violations.csv?regionCode=130000&dateFrom=2024-01-01")
    api = data(
        client,
        '{ violations(filter: {regionCode: "130000", dateFrom: "2024-01-01"}) { nodes { id violationId date '
        "enterprise { uscc name } } } }",
    )["violations"]["nodes"]
    assert [(r["id"], r["violationId"], r["date"], r["enterprise.uscc"], r["enterprise.name"]) for r in rows] == [
        (v["id"], v["violationId"], v["date"], v["enterprise"]["uscc"], v["enterprise"]["name"]) for v in api
    ]
    assert rows and "source" not in rows[0]
    assert _csv(client, "/export/violations.csv?regionCode=310000") == []
    enterprises = _csv(client, "/export/enterprises.csv?sort=USCC")
    assert [r["uscc"] for r in enterprises] == sorted(r["uscc"] for r in enterprises) and len(enterprises) == 3
    assert {r["name"] for r in enterprises} >= {"唐山丰南热电有限公司"}


def test_an_xlsx_export_holds_the_same_rows(client: TestClient) -> None:
    answer = client.get("/export/findings.xlsx?status=OPEN")
    assert answer.status_code == 200
    sheet = load_workbook(io.BytesIO(answer.content), read_only=True).active
    assert sheet is not None
    header, *rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    api = data(client, "{ findings(filter: {status: OPEN}, first: 100) { totalCount nodes { key rule } } }")["findings"]
    assert len(rows) == api["totalCount"] > 0
    keys = [r[header.index("key")] for r in rows]
    assert keys == [n["key"] for n in api["nodes"]]


def test_aggregates_geojson_and_the_reminders_calendar(client: TestClient) -> None:
    buckets = _csv(client, "/export/aggregate.csv?measure=PENALTIES&groupBy=PROVINCE")
    assert buckets == [{"key": "130000", "name": "河北省", "count": "1", "amount": "250000.0", "permitted": ""}]
    geo = client.get("/export/enterprises.geojson?bbox=110,35,125,45")
    assert geo.status_code == 200 and geo.headers["content-type"].startswith("application/geo+json")
    body = json.loads(geo.content)
    assert body["type"] == "FeatureCollection" and [f["id"] for f in body["features"]] == [A]
    ics = client.get("/export/reminders.ics?withinDays=3660&asOf=2024-01-01")
    assert ics.status_code == 200 and ics.headers["content-type"].startswith("text/calendar")
    events = Calendar.from_ical(ics.content).walk("VEVENT")
    api = data(client, '{ reminders(withinDays: 3660, asOf: "2024-01-01") { actBy key } }')["reminders"]
    assert sorted(str(e.decoded("dtstart")) for e in events) == sorted(r["actBy"] for r in api) and api
    assert len({str(e["uid"]) for e in events}) == len(events)


def test_exports_answer_as_the_callers_role(client: TestClient, db: Database, settings: Settings) -> None:
    public = settings.model_copy(update={"permitgraph_anonymous_role": "public"})
    with TestClient(create_app(public)) as anonymous:
        refused = anonymous.get("/export/violations.csv")
        assert refused.status_code == 403 and refused.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        assert _csv(anonymous, "/export/enterprises.csv")  # what the public sees, it may export
        key = {"Authorization": f"Bearer {create_key(db, name='export test', role='analyst', regions=['130000'])}"}
        assert anonymous.get("/export/violations.csv", headers=key).status_code == 403  # wider than its scope
        inside = anonymous.get("/export/violations.csv?regionCode=130200", headers=key)
        assert inside.status_code == 200 and [
            r["enterprise.uscc"] for r in csv.DictReader(io.StringIO(inside.text.lstrip("\ufeff")))
        ] == [A]
