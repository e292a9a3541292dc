"""The audit trail an inspector's supervisor can rely on (过程留痕): the objects a request read are recorded whatever
it selected, refused authentications are recorded, an entry's size is bounded whatever the caller sends, the
operation's name is kept apart from what the request did, and each caller's entries a minute are bounded. Each test
reads only the entries of its own key (no audit state is shared between tests)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.audit import DOCUMENT_MAX, NAME_MAX
from api.auth import create_key
from api.settings import Settings
from graph.db import Database
from tests.conftest import small_checked

# beyond the inner loop (`pytest -m "not slow"`): the whole suite runs it
pytestmark = pytest.mark.slow

A = "91130207123456788D"


@pytest.fixture(scope="module")
def graph(db: Database) -> Database:
    return small_checked(db)


@pytest.fixture(scope="module")
def client(graph: Database, settings: Settings) -> Iterator[TestClient]:
    configured = settings.model_copy(
        update={
            "permitgraph_anonymous_role": "public",
            "permitgraph_audit_flush_seconds": 0.0,  # written within the request: read back at once
            "permitgraph_audit_per_minute": 5,
        }
    )
    with TestClient(create_app(configured)) as c:
        yield c


def _key(graph: Database, role: str = "analyst") -> tuple[dict[str, str], str]:
    key = create_key(graph, f"audit test {role}", role, ["national"])
    return {"Authorization": f"Bearer {key}"}, "key:" + key.removeprefix("pgk_").split(".")[0]


def _entries(graph: Database, subject: str) -> list[dict[str, Any]]:
    rows = graph.driver.execute_query(
        "MATCH (a:AuditEntry {subject: $s}) RETURN a {.*} AS a ORDER BY a.at", s=subject, database_=graph.database
    ).records
    return [dict(r["a"]) for r in rows]


def test_what_was_read_is_recorded_whatever_the_query_selected(client: TestClient, graph: Database) -> None:
    headers, subject = _key(graph)
    query = f'{{ findings(first: 50) {{ nodes {{ rule severity }} }} enterprise(uscc: "{A}") {{ name }} }}'
    answer = client.post("/graphql", json={"query": query}, headers=headers).json()
    assert "errors" not in answer and answer["data"]["findings"]["nodes"]
    (entry,) = _entries(graph, subject)
    keys = graph.driver.execute_query("MATCH (f:Finding) RETURN f.key AS k", database_=graph.database).records
    expected = {f"Finding:{r['k']}" for r in keys} | {f"Enterprise:{A}"}
    assert set(entry["returned"]) == expected and entry["returned_count"] == len(expected)
    assert entry["action"] == "query" and entry["fields"] == ["findings", "enterprise"]


def test_a_refused_credential_is_recorded_and_never_its_secret(client: TestClient, graph: Database) -> None:
    headers, subject = _key(graph)
    wrong = headers["Authorization"] + "x"
    assert (
        client.post("/graphql", json={"query": "{ viewer { role } }"}, headers={"Authorization": wrong}).status_code
        == 401
    )
    entries = _entries(graph, subject)
    assert [(e["kind"], e["via"], e["status"]) for e in entries] == [
        ("authentication", "refused", "refused: unknown API key")
    ]
    assert wrong.split(".")[1] not in str(entries)


def test_an_entry_is_bounded_and_names_what_ran_apart_from_what_it_is_called(
    client: TestClient, graph: Database
) -> None:
    headers, subject = _key(graph)
    name = "confirmFinding" + "X" * 60_000
    document = f"query {name} {{ viewer {{ role }} }}"
    client.post("/graphql", json={"query": document, "operationName": name}, headers=headers)
    (entry,) = _entries(graph, subject)
    assert entry["operation"] == name[:NAME_MAX] and entry["action"] == "query" and entry["fields"] == ["viewer"]
    assert entry["document"] == document[:DOCUMENT_MAX]
    assert entry["document_sha256"] == hashlib.sha256(document.encode()).hexdigest()


def test_each_callers_entries_a_minute_are_bounded(client: TestClient, graph: Database) -> None:
    headers, subject = _key(graph)
    for _ in range(8):
        assert client.post("/graphql", json={"query": "{ viewer { role } }"}, headers=headers).status_code == 200
    assert len(_entries(graph, subject)) == 5  # the rest counted, carried by the caller's next kept entry


def test_no_mutation_or_query_changes_an_entry() -> None:
    """Entries are created (append, a mutation's own) and purged by retention, never updated or deleted otherwise."""
    from graph.catalog import catalog

    for name, q in catalog().items():
        text = q.text if hasattr(q, "text") else str(q)
        if "AuditEntry" not in text:
            continue
        writes = [w for w in ("SET a", "SET a.", "REMOVE a", "DELETE a", "DETACH DELETE") if w in text]
        if name == "append_audit_entries":
            assert writes == ["SET a"], name  # `SET a = row` on the node it just created
        elif name != "purge_audit_entries":
            assert not writes or "CREATE (a:AuditEntry)" in text, (name, writes)


def test_x_forwarded_for_counts_only_from_a_trusted_proxy() -> None:
    from api.proxies import forwarded_client, networks

    trusted = networks("10.0.0.0/8, 127.0.0.1")
    assert forwarded_client("203.0.113.9", "1.2.3.4", trusted) == "203.0.113.9"  # not a proxy of ours: ignored
    assert forwarded_client("127.0.0.1", "198.51.100.7", trusted) == "198.51.100.7"
    assert forwarded_client("127.0.0.1", "6.6.6.6, 198.51.100.7, 10.1.2.3", trusted) == "198.51.100.7"
    assert forwarded_client("127.0.0.1", "not-an-address", trusted) == "127.0.0.1"
    assert forwarded_client("127.0.0.1", "198.51.100.7", ()) == "127.0.0.1"  # none configured: never believed


def test_a_forged_forwarded_for_does_not_escape_the_anonymous_rate(settings: Settings, graph: Database) -> None:
    limited = settings.model_copy(
        update={
            "permitgraph_anonymous_role": "public",
            "permitgraph_role_limits": '{"public": {"per_minute": 1, "burst": 3}}',
        }
    )
    with TestClient(create_app(limited)) as c:
        codes = [
            c.post(
                "/graphql", json={"query": "{ viewer { role } }"}, headers={"X-Forwarded-For": f"10.9.8.{i}"}
            ).status_code
            for i in range(6)
        ]
    assert codes[:3] == [200, 200, 200] and set(codes[3:]) == {429}, codes


def test_introspection_is_for_analysts_and_above(client: TestClient, graph: Database) -> None:
    query = "{ __schema { queryType { name } } }"
    public = client.post("/graphql", json={"query": query}).json()
    assert public["data"] is None or public["data"]["__schema"] is None
    assert public["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    headers, _ = _key(graph)
    assert client.post("/graphql", json={"query": query}, headers=headers).json() == {
        "data": {"__schema": {"queryType": {"name": "Query"}}}
    }
