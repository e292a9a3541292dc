"""Total-amount quotas and emissions trading through the API, on the hand-built edge graph (tests/data/edge):
an enterprise's quotas and trades, a regional quota's finding about the region, and node(id:) for both types."""

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
from tests.test_api import data

# beyond the inner loop (`pytest -m "not slow"`): the whole suite runs it
pytestmark = pytest.mark.slow

A, B = "91130207123456788D", "913101177654321208"


@pytest.fixture(scope="module")
def client(db: Database, settings: Settings) -> Iterator[TestClient]:
    wipe(db)
    load(db, DATA / "edge")
    checks.check(db, as_of=dt.date(2024, 6, 1))
    with TestClient(create_app(settings)) as c:
        yield c


def test_an_enterprises_quotas_and_trades(client: TestClient) -> None:
    q = """query($u: String!) { enterprise(uscc: $u) {
        quotas { totalCount nodes {
            quotaId scope year amountT pollutant { code } enterprise { uscc } region { code } } }
        quotaSales { nodes { tradeId year amountT priceYuan buyer { uscc } } }
        quotaPurchases { nodes { tradeId amountT seller { uscc } } }
        findings { nodes { rule permitted measured } } } }"""
    assert data(client, q, u=A)["enterprise"] == {
        "quotas": {
            "totalCount": 3,
            "nodes": [  # newest year first
                {
                    "quotaId": f"TS{year}-Q001",
                    "scope": "enterprise",
                    "year": year,
                    "amountT": amount,
                    "pollutant": {"code": "a21026"},
                    "enterprise": {"uscc": A},
                    "region": None,
                }
                for year, amount in [(2025, 120.0), (2024, 150.0), (2023, 100.0)]
            ],
        },
        "quotaSales": {
            "nodes": [
                {"tradeId": "JY-2024-0002", "year": 2024, "amountT": 40.0, "priceYuan": 260000.0, "buyer": {"uscc": B}}
            ]
        },
        "quotaPurchases": {"nodes": [{"tradeId": "JY-2023-0001", "amountT": 30.0, "seller": {"uscc": B}}]},
        "findings": {
            "nodes": [
                {"rule": "discharge_without_permit", "permitted": 0.0, "measured": 1.0},  # critical first
                {"rule": "concentration_exceedance", "permitted": 35.0, "measured": 40.0},
                {"rule": "eia_amount_exceeded", "permitted": 100.0, "measured": 120.0},
                {"rule": "enterprise_quota_exceeded", "permitted": 110.0, "measured": 120.0},  # 150 − 40 sold
                {"rule": "late_report", "permitted": 0.0, "measured": 138.0},  # no 2023 annual report on record
                {"rule": "monitoring_gap", "permitted": 0.0, "measured": 8.0},  # its series stopped after 2023-08
            ]
        },
    }


def test_a_regional_finding_concerns_its_region(client: TestClient) -> None:
    q = """{ findings(filter: {rule: "regional_quota_exceeded", regionCode: "130000"}) { totalCount nodes {
        key period measured permitted unit enterprise { uscc }
        region { code name quotas { nodes { quotaId amountT } } findings { totalCount } }
        evidence { nodes { label key } } } } }"""
    found = data(client, q)["findings"]
    assert found["totalCount"] == 1
    node = found["nodes"][0]
    assert sorted((n["label"], n["key"]) for n in node.pop("evidence")["nodes"]) == [
        ("Enterprise", A),
        ("Permit", f"{A}001P"),
        ("Pollutant", "a21026"),
        ("Quota", "HB2024-R1302-SO2"),
        ("Region", "130200"),
        ("Region", "130207"),
    ]
    assert node == {
        "key": "regional_quota_exceeded:HB2024-R1302-SO2:permitted",
        "period": "2024",
        "measured": 120.0,
        "permitted": 100.0,
        "unit": "t",
        "enterprise": None,
        "region": {
            "code": "130200",
            "name": "唐山市",
            "quotas": {"nodes": [{"quotaId": "HB2024-R1302-SO2", "amountT": 100.0}]},
            "findings": {"totalCount": 1},
        },
    }
    # nothing regional in Shanghai
    none = data(client, '{ findings(filter: {rule: "regional_quota_exceeded", regionCode: "310000"}) { totalCount } }')
    assert none == {"findings": {"totalCount": 0}}


def test_quotas_and_trades_are_nodes(client: TestClient) -> None:
    ids = data(
        client,
        f'{{ enterprise(uscc: "{A}") {{ quotas(first: 1) {{ nodes {{ id }} }} quotaSales {{ nodes {{ id }} }} }} }}',
    )
    quota_id = ids["enterprise"]["quotas"]["nodes"][0]["id"]
    trade_id = ids["enterprise"]["quotaSales"]["nodes"][0]["id"]
    q = """query($q: ID!, $t: ID!) { q: node(id: $q) { ... on Quota { quotaId amountT } }
        t: node(id: $t) { ... on QuotaTrade { tradeId seller { uscc } buyer { uscc } pollutant { code } } } }"""
    assert data(client, q, q=quota_id, t=trade_id) == {
        "q": {"quotaId": "TS2025-Q001", "amountT": 120.0},
        "t": {"tradeId": "JY-2024-0002", "seller": {"uscc": A}, "buyer": {"uscc": B}, "pollutant": {"code": "a21026"}},
    }
