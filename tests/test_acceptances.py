"""Completion acceptances 竣工环境保护验收 beside the EIA approvals they follow, and joint approvals 联合审批 issued
to several enterprises for several projects: loaded, linked to the approval and the facilities accepted, found by
search, shown in the outlet's trace graph, and read through the API."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.db import Database
from loaders.load import load
from tests.conftest import q, wipe

pytestmark = pytest.mark.slow  # beyond the inner loop: the whole suite runs it

DATA = Path(__file__).parent / "data" / "acceptances"
A, B = "91130207123456788D", "91130207MA0CXW9K20"
DOC = "唐环评〔2019〕3号"


@pytest.fixture(scope="module")
def client(db: Database, settings: Settings) -> Iterator[TestClient]:
    wipe(db)
    summary = load(db, DATA)
    assert summary.total("rejected") == 0 and summary.total("unresolved") == 0
    with TestClient(create_app(settings)) as c:
        yield c


def gql(client: TestClient, query: str, **variables: Any) -> Any:
    response = client.post("/graphql", json={"query": query, "variables": variables})
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


def test_an_acceptance_follows_its_approval_and_names_what_it_accepted(client: TestClient) -> None:
    data = gql(
        client,
        """query($u: String!) { enterprise(uscc: $u) {
             acceptances { edges { node { acceptanceId acceptedOn kind phase result project
               eiaApproval { docNumber } enterprise { uscc }
               productionFacilities { edges { node { code } } } treatmentFacilities { edges { node { code } } } } } }
             eiaApprovals { edges { node { docNumber projects acceptances { edges { node { acceptanceId } } }
               holders { edges { node { uscc } } } } } } } }""",
        u=A,
    )["enterprise"]
    (acceptance,) = [e["node"] for e in data["acceptances"]["edges"]]
    assert acceptance == {
        "acceptanceId": "YS-2020-017",
        "acceptedOn": "2020-11-20",
        "kind": "self",
        "phase": "一期",
        "result": "passed",
        "project": "热电联产一期",
        "eiaApproval": {"docNumber": DOC},
        "enterprise": {"uscc": A},
        "productionFacilities": {"edges": [{"node": {"code": "MF0001"}}]},
        "treatmentFacilities": {"edges": [{"node": {"code": "TA001"}}]},
    }
    (approval,) = [e["node"] for e in data["eiaApprovals"]["edges"]]
    assert approval == {
        "docNumber": DOC,
        "projects": ["热电联产二期", "供热管网"],  # a joint approval of several projects
        "acceptances": {"edges": [{"node": {"acceptanceId": "YS-2020-017"}}]},
        "holders": {"edges": [{"node": {"uscc": A}}, {"node": {"uscc": B}}]},  # and of two enterprises
    }
    other = gql(
        client, "query($u: String!) { enterprise(uscc: $u) { eiaApprovals { edges { node { docNumber } } } } }", u=B
    )
    assert other["enterprise"]["eiaApprovals"]["edges"] == [{"node": {"docNumber": DOC}}]


def test_an_acceptance_is_found_and_shown_in_the_outlets_trace(client: TestClient, db: Database) -> None:
    found = gql(client, '{ search(text: "ys-2020-017") { __typename ... on CompletionAcceptance { acceptanceId } } }')
    assert found["search"] == [{"__typename": "CompletionAcceptance", "acceptanceId": "YS-2020-017"}]
    outlet = gql(client, 'query($u: String!) { outlet(uscc: $u, code: "DA001") { id } }', u=A)["outlet"]
    graph = gql(
        client,
        "query($id: ID!) { traceGraph(id: $id) { nodes { label key } edges { type source target } } }",
        id=outlet["id"],
    )["traceGraph"]
    labels = sorted({(n["label"], n["key"]) for n in graph["nodes"]})
    assert ("CompletionAcceptance", "YS-2020-017") in labels and ("EIAApproval", DOC) in labels
    accepted = sorted(e["type"] for e in graph["edges"] if e["type"] in {"ACCEPTS", "ACCEPTED_BY"})
    assert accepted == ["ACCEPTED_BY", "ACCEPTS", "ACCEPTS"]
    # in the graph: a node per acceptance, its edges as the tables declare them
    assert q(
        db, "MATCH (:EIAApproval)-[:ACCEPTED_BY]->(c:CompletionAcceptance)<-[:ACCEPTED]-(e) RETURN e.uscc AS u"
    ) == [{"u": A}]
