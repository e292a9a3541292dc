"""Per-role abuse limits: the token bucket (pure), the settings that configure it, and the API answering 429, 413
and QUERY_TOO_COMPLEX by the caller's role (over POST /graphql on a real Neo4j)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.audit import AuditLog, returned_refs
from api.auth import create_key
from api.settings import Settings
from api.throttle import DEFAULT_ROLE_LIMITS, RoleLimits, Throttle
from graph.async_db import AsyncDatabase
from graph.db import Database
from graph.errors import InvalidInput, RateLimited, TooLarge
from schema import ids

LIMITS = {**DEFAULT_ROLE_LIMITS, "public": RoleLimits(per_minute=60, burst=3, max_cost=200, max_body_bytes=600)}


def test_a_bucket_allows_its_burst_then_its_rate() -> None:
    throttle = Throttle(LIMITS)
    for _ in range(3):
        throttle.admit("ip:1", "public", 10, now=100.0)
    with pytest.raises(RateLimited) as refused:
        throttle.admit("ip:1", "public", 10, now=100.0)
    assert refused.value.retry_after == pytest.approx(1.0)  # 60 a minute: one a second
    assert "the public role may send 60 a minute (bursts of 3)" in refused.value.message
    throttle.admit("ip:2", "public", 10, now=100.0)  # another caller has its own bucket
    throttle.admit("ip:1", "public", 10, now=101.0)  # a second later, one more
    with pytest.raises(RateLimited):
        throttle.admit("ip:1", "public", 10, now=101.5)
    for _ in range(3):  # a long quiet spell refills to the burst, never beyond
        throttle.admit("ip:1", "public", 10, now=1000.0)
    with pytest.raises(RateLimited):
        throttle.admit("ip:1", "public", 10, now=1000.0)


def test_the_body_bound_is_the_role_s() -> None:
    throttle = Throttle(LIMITS)
    with pytest.raises(TooLarge, match="the public role may send at most 600"):
        throttle.admit("ip:1", "public", 601, now=0.0)
    throttle.admit("key:a", "analyst", 601, now=0.0)


def test_role_limits_are_read_over_the_defaults_and_bad_ones_refused() -> None:
    given = Settings(permitgraph_role_limits=json.dumps({"public": {"per_minute": 30}}))
    limits = given.role_limits()
    assert limits["public"] == DEFAULT_ROLE_LIMITS["public"].model_copy(update={"per_minute": 30.0})
    assert limits["admin"] == DEFAULT_ROLE_LIMITS["admin"]
    assert dict(given.graphql_limits().role_costs)["public"] == DEFAULT_ROLE_LIMITS["public"].max_cost
    for bad, said in [
        ('{"guest": {"burst": 1}}', "unknown role 'guest'"),
        ('{"public": {"burst": 0}}', "burst"),
        ("[1]", "not a JSON object"),
        ("{", "Expecting"),
    ]:
        with pytest.raises(InvalidInput, match=said):
            Settings(permitgraph_role_limits=bad).role_limits()


def test_returned_refs_are_the_answer_s_objects_in_order_once_each() -> None:
    a, b = ids.encode("Enterprise", "A"), ids.encode("Permit", "A001P")
    data = {"x": {"id": a, "permits": [{"id": b}, {"id": b}], "other": {"id": "not-ours"}}, "y": [{"id": a}]}
    assert returned_refs(data) == (["Enterprise:A", "Permit:A001P"], 2)
    assert returned_refs(data, limit=1) == (["Enterprise:A"], 2)
    assert returned_refs(None) == ([], 0)


@pytest.fixture(scope="module")
def client(db: Database, settings: Settings) -> Iterator[tuple[TestClient, str]]:
    key = create_key(db, "throttle analyst", "analyst", ["national"])
    configured = settings.model_copy(
        update={
            "permitgraph_anonymous_role": "public",
            "permitgraph_role_limits": json.dumps({"public": LIMITS["public"].model_dump()}),
        }
    )
    with TestClient(create_app(configured)) as c:
        yield c, key


def test_the_api_refuses_by_the_caller_s_role(client: tuple[TestClient, str]) -> None:
    c, key = client
    analyst = {"Authorization": f"Bearer {key}"}
    costly = {"query": "{ enterprises(first: 100) { edges { node { name permits(first: 100) { totalCount } } } } }"}
    too_costly = c.post("/graphql", json=costly).json()
    assert too_costly["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert "above the public role's maximum of 200" in too_costly["errors"][0]["message"]
    assert "errors" not in c.post("/graphql", json=costly, headers=analyst).json()

    padded = {"query": "{ viewer { role } }", "variables": {"pad": "x" * 700}}
    big = c.post("/graphql", json=padded)
    assert big.status_code == 413 and big.json()["errors"][0]["extensions"]["code"] == "TOO_LARGE"
    assert c.post("/graphql", json=padded, headers=analyst).status_code == 200

    # the two refusals above took two of the public burst of 3: one more, then 429 with Retry-After
    assert c.post("/graphql", json={"query": "{ viewer { role } }"}).json() == {"data": {"viewer": {"role": "public"}}}
    limited = c.post("/graphql", json={"query": "{ viewer { role } }"})
    assert limited.status_code == 429 and limited.headers["retry-after"] == "1"
    assert limited.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    for _ in range(5):  # an authenticated caller has its own, larger bucket
        assert c.post("/graphql", json={"query": "{ viewer { role } }"}, headers=analyst).status_code == 200


@pytest.mark.slow
def test_the_retention_purge_removes_only_entries_past_it(db: Database, settings: Settings) -> None:
    """On entries of its own (other tests' apps may still be appending theirs: no audit state is shared)."""
    old, new = dt.datetime.now(dt.UTC) - dt.timedelta(days=40), dt.datetime.now(dt.UTC) - dt.timedelta(days=20)
    mine = {f"purge-old-{uuid.uuid4().hex}": old, f"purge-new-{uuid.uuid4().hex}": new}
    db.driver.execute_query(
        "UNWIND $rows AS row CREATE (a:AuditEntry) SET a = row",
        rows=[{"id": k, "at": at, "subject": "purge test"} for k, at in mine.items()],
        database_=db.database,
    )

    async def purge() -> Any:
        adb = AsyncDatabase.connect(settings.connection())
        try:
            return await AuditLog(adb, retention_days=30).purge()
        finally:
            await adb.close()

    import asyncio

    assert asyncio.run(purge()) >= 1
    left = db.driver.execute_query(
        "MATCH (a:AuditEntry) WHERE a.id IN $ids RETURN a.id AS id", ids=list(mine), database_=db.database
    ).records
    assert [r["id"] for r in left] == [k for k, at in mine.items() if at == new]
