"""Compliance through the API on the hand-built graph: findings, their evidence and history, aggregates,
reminders, and analysts' named queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph import checks
from graph.db import Database
from loaders.load import load
from tests.conftest import DATA, wipe
from tests.test_api import PB, A, B, data, gql

# beyond the inner loop (`pytest -m "not slow"`): the whole suite runs it
pytestmark = pytest.mark.slow

AS_OF = dt.date(2025, 3, 1)


@pytest.fixture(scope="module")
def client(db: Database, settings: Settings) -> Iterator[TestClient]:
    wipe(db)
    load(db, DATA / "small")
    checks.check(db, as_of=AS_OF)
    with TestClient(create_app(settings)) as c:
        yield c


def test_findings_list_with_filters(client: TestClient) -> None:
    q = """query($f: FindingFilter) { findings(filter: $f) { totalCount nodes {
        rule severity period measured permitted status enterprise { uscc } } } }"""
    everything = data(client, q)["findings"]
    assert everything == {
        "totalCount": 5,
        "nodes": [  # most severe first, then by key
            {
                "rule": "discharge_without_permit",
                "severity": "critical",
                "period": "2024-02-10/2024-02-11",
                "measured": 2.0,
                "permitted": 0.0,
                "status": "open",
                "enterprise": {"uscc": B},
            },
            {
                "rule": "concentration_exceedance",
                "severity": "high",
                "period": "2024-03-05",
                "measured": 40.6,
                "permitted": 35.0,
                "status": "open",
                "enterprise": {"uscc": A},
            },
            # B's pH 9.4 (limit 9) of 2024-02-10 is no exceedance: its permit had expired, no limit was in force
            # B's permit allows 330 t/a of COD where its EIA approval allowed 300
            {
                "rule": "eia_amount_exceeded",
                "severity": "high",
                "period": None,
                "measured": 330.0,
                "permitted": 300.0,
                "status": "open",
                "enterprise": {"uscc": B},
            },
            {
                "rule": "late_report",
                "severity": "medium",
                "period": "2024",
                "measured": 45.0,
                "permitted": 0.0,
                "status": "open",
                "enterprise": {"uscc": B},
            },
            {
                "rule": "outlet_without_limit",
                "severity": "medium",
                "period": None,
                "measured": 0.0,
                "permitted": None,
                "status": "open",
                "enterprise": {"uscc": A},
            },
        ],
    }
    by_region = data(client, q, f={"regionCode": "130000"})["findings"]
    assert [n["rule"] for n in by_region["nodes"]] == ["concentration_exceedance", "outlet_without_limit"]
    assert data(client, q, f={"severity": "CRITICAL", "status": "OPEN"})["findings"]["totalCount"] == 1
    assert data(client, q, f={"status": "CLOSED"})["findings"]["totalCount"] == 0


def test_findings_on_enterprise_permit_and_outlet_with_evidence_and_history(client: TestClient) -> None:
    q = """query($u: String!, $n: String!) {
      enterprise(uscc: $u) { findings { nodes { rule } } }
      permit(number: $n) { findings { nodes { rule message history { kind } } } }
      outlet(uscc: $a, code: "DA001") { findings { nodes { rule
        evidence { nodes { label key } edges { type } } } } } }"""
    answer = data(client, q.replace("$u: String!,", "$u: String!, $a: String!,"), u=B, a=A, n=PB)
    assert answer["enterprise"]["findings"]["nodes"] == [
        {"rule": "discharge_without_permit"},
        {"rule": "eia_amount_exceeded"},
        {"rule": "late_report"},
    ]
    assert answer["permit"]["findings"]["nodes"] == [  # every finding with the permit in its evidence
        {
            "rule": "discharge_without_permit",
            "message": "2 days of monitored discharge outside any permit validity, 2024-02-10 to 2024-02-11",
            "history": [{"kind": "opened"}],
        },
        {
            "rule": "eia_amount_exceeded",
            "message": "化学需氧量: permit allows 330.0 t/a, 松环保许管[2018]522号 approved 300.0",
            "history": [{"kind": "opened"}],
        },
        {
            "rule": "late_report",
            "message": "annual report 2024 not filed, due 2025-01-15",
            "history": [{"kind": "opened"}],
        },
    ]
    exceedance = answer["outlet"]["findings"]["nodes"][0]  # A's SO2 40.6 above 35 at DA001
    assert exceedance["rule"] == "concentration_exceedance"
    assert sorted(n["label"] for n in exceedance["evidence"]["nodes"]) == [
        "Enterprise",
        "Exceedance",
        "MonitoringMonth",
        "Outlet",
        "Permit",
        "PermitLimit",
    ]
    assert sorted(e["type"] for e in exceedance["evidence"]["edges"]) == [
        "AGAINST_LIMIT",
        "AT_OUTLET",
        "COVERS",
        "FOR_OUTLET",
        "HAS_EXCEEDANCE",
        "HAS_OUTLET",
        "HAS_SERIES",
        "HOLDS",
        "SETS_LIMIT",
    ]


def test_finding_aggregates(client: TestClient) -> None:
    q = "query($g: FindingGroup!) { findingStats(groupBy: $g) { key name count amount } }"
    assert data(client, q, g="RULE")["findingStats"] == [
        {"key": "concentration_exceedance", "name": None, "count": 1, "amount": 1.0},
        {"key": "discharge_without_permit", "name": None, "count": 1, "amount": 1.0},
        {"key": "eia_amount_exceeded", "name": None, "count": 1, "amount": 1.0},
        {"key": "late_report", "name": None, "count": 1, "amount": 1.0},
        {"key": "outlet_without_limit", "name": None, "count": 1, "amount": 1.0},
    ]
    assert data(client, q, g="PROVINCE")["findingStats"] == [
        {"key": "310000", "name": "上海市", "count": 3, "amount": 3.0},
        {"key": "130000", "name": "河北省", "count": 2, "amount": 2.0},
    ]


def test_reminders(client: TestClient) -> None:
    q = """query($d: Int!, $on: Date!) {
      reminders(withinDays: $d, asOf: $on) { kind dueOn actBy overdue uscc key } }"""
    assert data(client, q, d=60, on="2026-11-01")["reminders"] == [
        # B's 2024 annual report was due on 2025-01-15 and never filed: overdue, listed first
        {
            "kind": "report_due",
            "dueOn": "2025-01-15",
            "actBy": "2025-01-15",
            "overdue": True,
            "uscc": B,
            "key": f"{B}001V:2024",
        },
        {
            "kind": "licence_expiry",
            "dueOn": "2026-12-31",
            "actBy": "2026-12-01",
            "overdue": False,
            "uscc": "91320505555555536X",
            "key": "3205050001",
        },
    ]
    assert data(client, q, d=800, on="2026-06-01")["reminders"][-1] == {
        "kind": "permit_expiry",
        "dueOn": "2028-06-30",
        "actBy": "2028-05-01",
        "overdue": False,
        "uscc": A,
        "key": f"{A}001P",
    }


@pytest.mark.parametrize(
    ("as_of", "listed", "overdue"),
    [
        ("2026-10-01", False, False),  # act-by (2026-12-01) 61 days ahead: outside a 60-day window
        ("2026-10-02", True, False),  # 60 days ahead: inside
        ("2026-10-03", True, False),  # 59
        ("2026-12-10", True, True),  # act-by passed, the licence still runs: overdue
        ("2027-01-01", False, False),  # expired: no longer a renewal to remind of
    ],
)
def test_a_reminder_is_listed_by_its_act_by_date(client: TestClient, as_of: str, listed: bool, overdue: bool) -> None:
    q = """query($on: Date!) { reminders(withinDays: 60, asOf: $on) { kind overdue key } }"""
    licences = [r for r in data(client, q, on=as_of)["reminders"] if r["kind"] == "licence_expiry"]
    assert licences == ([{"kind": "licence_expiry", "overdue": overdue, "key": "3205050001"}] if listed else [])


def test_named_queries_are_typed_and_read_only(client: TestClient) -> None:
    listed = {q["name"]: q["params"] for q in data(client, "{ namedQueries { name params } }")["namedQueries"]}
    assert listed["check_late_reports"] == {"usccs": "list<string>", "as_of": "date"}
    assert not any(name.startswith(("merge_", "derive_", "close_")) for name in listed)
    q = "query($n: String!, $p: JSON) { namedQuery(name: $n, params: $p) }"
    rows = data(client, q, n="check_late_reports", p={"usccs": [A, B], "as_of": "2025-03-01"})["namedQuery"]
    assert [(r["subject"], r["period"], r["measured"]) for r in rows] == [(f"{PB}:2024", "2024", 45.0)]
    for name, params, expected in [
        ("merge_enterprises", {}, "no read-only named query"),
        ("check_late_reports", {"usccs": [A], "as_of": "not a date"}, "must be a date"),
        ("check_late_reports", {"usccs": [A]}, "is required"),
        ("check_late_reports", {"usccs": [A], "as_of": "2025-03-01", "cypher": "x"}, "takes no parameter"),
    ]:
        body = gql(client, q, n=name, p=params)
        assert body["errors"][0]["extensions"] == {"code": "INVALID_INPUT"}, body
        assert expected in body["errors"][0]["message"]


def test_the_evidence_of_many_findings_is_one_round_trip(client: TestClient, settings: Settings) -> None:
    from tests.test_api import counting_database

    counting = counting_database(settings)
    with TestClient(create_app(settings, db=counting)) as c:
        body = c.post(
            "/graphql", json={"query": "{ findings(first: 50) { nodes { key evidence { nodes { key } } } } }"}
        )
    nodes = body.json()["data"]["findings"]["nodes"]
    assert len(nodes) > 3 and all(n["evidence"]["nodes"] for n in nodes)
    assert counting.reads == ["find_findings", "list_evidence_of_findings"]
