"""What the console needs of the API, over HTTP on the hand-built graph: code-table look-ups, the enforcement record
as flat lists, windows on nested lists, reminders of one enterprise, map points, enums with Chinese descriptions,
and answers in UTF-8 as written."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.db import Database
from tests.test_api import A, B, C, data, gql

# beyond the inner loop (`pytest -m "not slow"`): the whole suite runs it
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client(small_graph: Database, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as c:
        yield c


def test_regions_under_a_parent_by_code(client: TestClient) -> None:
    got = data(client, '{ regions(parentCode: "130000", first: 100) { totalCount nodes { code name level } } }')
    nodes = got["regions"]["nodes"]
    assert got["regions"]["totalCount"] == len(nodes) == 11  # Hebei's eleven prefecture-level cities
    assert nodes[0] == {"code": "130100", "name": "石家庄市", "level": "prefecture"}
    assert [n["code"] for n in nodes] == sorted(n["code"] for n in nodes)
    assert {n["level"] for n in nodes} == {"prefecture"}
    counties = data(client, '{ regions(parentCode: "130200", level: COUNTY, first: 100) { nodes { code } } }')
    assert "130207" in {n["code"] for n in counties["regions"]["nodes"]}  # 丰南区
    provinces = data(client, "{ regions(level: PROVINCE, first: 100) { totalCount } }")
    assert provinces["regions"]["totalCount"] == 34


def test_pollutants_and_industries_look_ups(client: TestClient) -> None:
    got = data(client, '{ pollutants(text: "二氧化硫") { nodes { code name medium } } }')
    assert {"code": "a21026", "name": "二氧化硫", "medium": "air"} in got["pollutants"]["nodes"]
    water = data(client, "{ pollutants(medium: WATER, first: 100) { totalCount nodes { medium } } }")
    assert water["pollutants"]["totalCount"] > 50 and {n["medium"] for n in water["pollutants"]["nodes"]} == {"water"}
    divisions = data(client, "{ industries(level: DIVISION, first: 100) { totalCount nodes { code } } }")
    assert divisions["industries"]["totalCount"] == 97


def test_exceedances_inspections_and_penalties_as_lists(client: TestClient) -> None:
    got = data(
        client,
        """{ exceedances(filter: {regionCode: "130000"}) { totalCount nodes { date pollutant value limit
              outlet { code enterprise { uscc } } } }
            none: exceedances(filter: {regionCode: "310000"}) { totalCount }
            inspections(filter: {dateFrom: "2024-01-01"}) { nodes { inspectionId kind result enterprise { uscc } } }
            penalties(filter: {amountFrom: 100000}) { nodes { decisionNumber amountYuan violation { violationId } } }
            small: penalties(filter: {amountFrom: 300000}) { totalCount } }""",
    )
    assert got["exceedances"] == {
        "totalCount": 1,
        "nodes": [
            {
                "date": "2024-03-05",
                "pollutant": "a21026",
                "value": 40.6,
                "limit": 35.0,
                "outlet": {"code": "DA001", "enterprise": {"uscc": A}},
            }
        ],
    }
    assert got["none"] == {"totalCount": 0}
    assert got["inspections"]["nodes"] == [
        {"inspectionId": "JC-2024-001", "kind": "双随机", "result": "发现问题", "enterprise": {"uscc": A}}
    ]
    assert got["penalties"]["nodes"] == [
        {"decisionNumber": "唐环罚〔2024〕12号", "amountYuan": 250000.0, "violation": {"violationId": "JC-2024-001-V1"}}
    ]
    assert got["small"] == {"totalCount": 0}


def test_a_pollutants_series_in_a_window_and_exceedances_between(client: TestClient) -> None:
    q = (
        f'query($since: Date, $until: Date, $p: String) {{ outlet(uscc: "{A}", code: "DA001") {{'
        " series(pollutantCode: $p, since: $since, until: $until) {"
        "   totalCount nodes { pollutant month days { date value } } }"
        " exceedancesBetween(since: $since, until: $until) { totalCount nodes { date value } } } }"
    )
    march = data(client, q, since="2024-03-05", until="2024-03-31", p="a21026")["outlet"]
    assert march["series"] == {
        "totalCount": 1,
        "nodes": [
            {
                "pollutant": "a21026",
                "month": "2024-03-01",
                "days": [
                    {"date": "2024-03-04", "value": 21.5},
                    {"date": "2024-03-05", "value": 40.6},
                    {"date": "2024-03-06", "value": 19.8},
                ],
            }
        ],
    }
    assert march["exceedancesBetween"] == {"totalCount": 1, "nodes": [{"date": "2024-03-05", "value": 40.6}]}
    every = data(client, q)["outlet"]["series"]
    assert [(n["pollutant"], n["month"]) for n in every["nodes"]] == [
        ("a21002", "2024-03-01"),
        ("a21026", "2024-03-01"),
        ("a21026", "2024-04-01"),
    ]  # oldest month first, then by pollutant
    april = data(client, q, since="2024-04-01")["outlet"]
    assert april["series"]["totalCount"] == 1 and april["exceedancesBetween"] == {"totalCount": 0, "nodes": []}
    bad = gql(client, q, since="2024-05-01", until="2024-04-01")
    assert bad["errors"][0]["message"] == "series: since 2024-05-01 is after until 2024-04-01"
    hostile = gql(client, q, p="a21026'}) MATCH (n) DETACH DELETE n //")
    assert "pollutantCode is an HJ 212 or local code" in hostile["errors"][0]["message"]


def test_reminders_of_one_enterprise(client: TestClient) -> None:
    q = '{ reminders(withinDays: 3660, asOf: "2024-01-01", uscc: "%s", first: 100) { uscc kind } }'
    for uscc in (A, B, C):
        got = data(client, q % uscc)["reminders"]
        assert {r["uscc"] for r in got} <= {uscc}
    assert data(client, q % A)["reminders"]  # A's permit expires within ten years of 2024


def test_map_points_as_geojson_in_a_box(client: TestClient) -> None:
    q = "query($box: [Float!], $kind: MapKind!) { mapPoints(kind: $kind, bbox: $box) }"
    everywhere = data(client, q, box=None, kind="ENTERPRISES")["mapPoints"]
    assert everywhere["type"] == "FeatureCollection" and everywhere["truncated"] is False
    assert {f["id"] for f in everywhere["features"]} == {A, B, C}
    north = data(client, q, box=[110, 35, 125, 45], kind="ENTERPRISES")["mapPoints"]["features"]
    assert [f["id"] for f in north] == [A]
    assert north[0]["geometry"] == {"type": "Point", "coordinates": [118.08, 39.57]}
    assert north[0]["properties"]["name"] == "唐山丰南热电有限公司"
    outlets = data(client, q, box=[118, 39, 119, 40], kind="OUTLETS")["mapPoints"]["features"]
    assert [f["properties"]["code"] for f in outlets] == ["DA001", "DW001"]
    for box in ([1, 2, 3], [10, 10, 5, 20], [0, 0, 1, 100]):
        assert gql(client, q, box=box, kind="ENTERPRISES")["errors"][0]["message"].startswith("bbox is")


def test_enums_carry_chinese_descriptions(client: TestClient) -> None:
    got = data(client, '{ __type(name: "ManagementClass") { enumValues { name description } } }')
    assert {v["name"]: v["description"] for v in got["__type"]["enumValues"]} == {
        "KEY": "重点管理 key management",
        "SIMPLIFIED": "简化管理 simplified management",
        "REGISTRATION": "登记管理 registration",
    }


def test_answers_are_utf8_as_written(client: TestClient) -> None:
    response = client.post("/graphql", json={"query": f'{{ enterprise(uscc: "{A}") {{ name }} }}'})
    assert "唐山丰南热电有限公司".encode() in response.content and b"\\u" not in response.content
    assert "charset=utf-8" in response.headers["content-type"].lower() or "json" in response.headers["content-type"]


def test_aggregates_hold_a_provinces_counties(client: TestClient) -> None:
    """A county map of a province needs more groups than a list page: up to 500, and no more."""
    got = data(client, "{ aggregate(measure: VIOLATIONS, groupBy: COUNTY, first: 300) { key } }")
    assert got["aggregate"] == [{"key": "130207"}]
    assert (
        "first"
        in gql(client, "{ aggregate(measure: VIOLATIONS, groupBy: COUNTY, first: 501) { key } }")["errors"][0][
            "message"
        ]
    )


def test_a_table_of_regions_by_period_has_every_period(client: TestClient) -> None:
    q = """query($f: DashboardFilter, $p: Period!) { aggregateTable(measure: PENALTIES, groupBy: PROVINCE, period: $p,
        filter: $f) { key name count amount cells { key count amount } } }"""
    quarters = data(client, q, p="QUARTER", f={"dateFrom": "2024-01-01", "dateTo": "2024-12-31"})["aggregateTable"]
    assert quarters == [
        {
            "key": "130000",
            "name": "河北省",
            "count": 1,
            "amount": 250000.0,
            "cells": [
                {"key": "2024Q1", "count": 0, "amount": 0.0},
                {"key": "2024Q2", "count": 1, "amount": 250000.0},  # decided 2024-04-15
                {"key": "2024Q3", "count": 0, "amount": 0.0},
                {"key": "2024Q4", "count": 0, "amount": 0.0},
            ],
        }
    ]
    span = data(client, q, p="MONTH", f=None)["aggregateTable"][0]["cells"]
    assert [c["key"] for c in span] == ["2024-04"]  # no dates given: the span the records cover
    wide = gql(client, q, p="MONTH", f={"dateFrom": "2000-01-01", "dateTo": "2024-12-31"})
    assert "at most 120 periods" in wide["errors"][0]["message"]


def test_periods_between_cross_years() -> None:
    from schema.dashboards import Period, periods_between

    assert periods_between("2023Q3", "2024Q2", Period.QUARTER) == ["2023Q3", "2023Q4", "2024Q1", "2024Q2"]
    assert periods_between("2023-11", "2024-02", Period.MONTH) == ["2023-11", "2023-12", "2024-01", "2024-02"]
    assert periods_between("2022", "2024", Period.YEAR) == ["2022", "2023", "2024"]
