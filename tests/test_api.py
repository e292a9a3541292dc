"""The API over HTTP on the hand-built graph: whole answers for counts, the outlet trace, enterprises, errors."""

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.db import Connection, Database

A, B = "91130207123456788D", "913101177654321208"

TRACE = """query($u: String!, $c: String!) {
  outletTrace(uscc: $u, outletCode: $c, recentExceedances: 5) {
    enterprise { uscc name }
    outlet { code kind medium localCode }
    treatmentFacilities { code productionFacilities { code eiaApprovals { docNumber approvedOn } } }
    untreatedSources { code }
    permits { number status validTo eiaApprovals { docNumber } }
    limits { pollutantCode concentrationMax unit annualAmountT }
    exceedanceCount compliant
    recentExceedances { date pollutantCode value limit }
  }
}"""


@pytest.fixture(scope="module")
def client(small_graph: Database, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings, db=small_graph)) as c:
        yield c


def gql(client: TestClient, query: str, **variables: Any) -> Any:
    response = client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200, response.text
    return response.json()


def test_counts_per_label(client: TestClient) -> None:
    data = gql(client, "{ counts { label count } }")["data"]["counts"]
    counts = {c["label"]: c["count"] for c in data}
    assert counts["Enterprise"] == 3 and counts["Outlet"] == 3 and counts["Exceedance"] == 2
    assert counts["Region"] > 100 and counts["Pollutant"] == 12


def test_outlet_trace_follows_the_whole_chain(client: TestClient) -> None:
    assert gql(client, TRACE, u=A, c="DA001") == {
        "data": {
            "outletTrace": {
                "enterprise": {"uscc": A, "name": "唐山丰南热电有限公司"},
                "outlet": {"code": "DA001", "kind": "main", "medium": "air", "localCode": "FQ001"},
                "treatmentFacilities": [
                    {
                        "code": "TA001",
                        "productionFacilities": [
                            {
                                "code": "MF0001",
                                "eiaApprovals": [{"docNumber": "冀环审〔2016〕88号", "approvedOn": "2016-05-20"}],
                            },
                            {
                                "code": "MF0002",
                                "eiaApprovals": [{"docNumber": "冀环审〔2016〕88号", "approvedOn": "2016-05-20"}],
                            },
                        ],
                    }
                ],
                "untreatedSources": [],
                "permits": [
                    {
                        "number": f"{A}001P",
                        "status": "valid",
                        "validTo": "2028-06-30",
                        "eiaApprovals": [{"docNumber": "冀环审〔2016〕88号"}],
                    }
                ],
                "limits": [
                    {"pollutantCode": "a21002", "concentrationMax": 50.0, "unit": "mg/m3", "annualAmountT": 140.0},
                    {"pollutantCode": "a21026", "concentrationMax": 35.0, "unit": "mg/m3", "annualAmountT": 100.0},
                    {"pollutantCode": "a34013", "concentrationMax": 10.0, "unit": "mg/m3", "annualAmountT": 20.0},
                ],
                "exceedanceCount": 1,
                "compliant": False,
                "recentExceedances": [{"date": "2024-03-05", "pollutantCode": "a21026", "value": 40.6, "limit": 35.0}],
            }
        }
    }


def test_outlet_without_limit_and_without_treatment_is_visible(client: TestClient) -> None:
    trace = gql(client, TRACE, u=A, c="dw001")["data"]["outletTrace"]
    assert trace["treatmentFacilities"] == [] and trace["untreatedSources"] == [{"code": "MF0003"}]
    assert trace["limits"] == [] and trace["compliant"] is False


def test_enterprise_with_region_chain_and_group(client: TestClient) -> None:
    q = """query($u: String!) { enterprise(uscc: $u) { name usccProblem managementClass industry { code name }
            regions { code level } parent { uscc } subsidiaries { uscc } permitNumbers outlets { code } } }"""
    assert gql(client, q, u=B)["data"]["enterprise"] == {
        "name": "上海松江污水处理有限公司",
        "usccProblem": None,
        "managementClass": "key",
        "industry": {"code": "4620", "name": "污水处理及其再生利用"},
        "regions": [
            {"code": "310117", "level": "county"},
            {"code": "310100", "level": "prefecture"},
            {"code": "310000", "level": "province"},
        ],
        "parent": {"uscc": A},
        "subsidiaries": [],
        "permitNumbers": [f"{B}001V"],
        "outlets": [{"code": "DW001"}],
    }
    assert gql(client, q, u="91130200699229617X")["data"]["enterprise"] is None


def test_expected_errors_are_precise_and_typed(client: TestClient) -> None:
    body = gql(client, TRACE, u=A, c="FQ-001")
    assert body["data"] == {"outletTrace": None}
    assert body["errors"][0]["extensions"] == {"code": "INVALID_INPUT"}
    assert "D + A/W + 3 digits" in body["errors"][0]["message"]


def test_requests_are_bounded_in_depth_and_aliases(client: TestClient) -> None:
    many = "{ " + " ".join(f"a{i}: counts {{ label }}" for i in range(40)) + " }"
    response = client.post("/graphql", json={"query": many})
    assert "aliases" in response.json()["errors"][0]["message"]


def test_health_reports_the_database(client: TestClient) -> None:
    body = client.get("/health").json()
    assert body["status"] == "ok" and body["database"]["reachable"] is True and body["database"]["nodes"] > 100


def test_health_is_503_when_the_database_is_down(settings: Settings) -> None:
    down = Database.connect(Connection("neo4j://127.0.0.1:1", "neo4j", "x"))
    with TestClient(create_app(settings, db=down)) as c:
        response = c.get("/health")
    down.close()
    assert response.status_code == 503
    assert response.json()["database"]["reachable"] is False
