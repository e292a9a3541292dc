"""Dashboards share one answer per database state: asked again, an aggregate is served without running its
statement; after any commit — the loader's, the API's, or a hand-written fix — it is computed afresh and right; and
many requests asking at once run it once."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.db import Database
from tests.test_api import CountingDatabase, counting_database, data

BY_PROVINCE = "{ aggregate(measure: VIOLATIONS, groupBy: PROVINCE) { key name count amount } }"
HEBEI = "91130207123456788D"  # an enterprise of the small graph, in Hebei (130000)


@pytest.fixture
def counting(small_graph: Database, settings: Settings) -> CountingDatabase:
    return counting_database(settings)


@pytest.fixture
def client(counting: CountingDatabase, settings: Settings) -> Iterator[TestClient]:
    quiet = settings.model_copy(update={"permitgraph_audit_flush_seconds": 600.0})  # no audit commit meanwhile
    with TestClient(create_app(quiet, db=counting)) as c:
        yield c


def _counts(answer: Any) -> dict[str, int]:
    return {b["key"]: b["count"] for b in answer["aggregate"]}


def test_an_aggregate_is_computed_once_per_database_state(
    small_graph: Database, counting: CountingDatabase, client: TestClient
) -> None:
    first = data(client, BY_PROVINCE)
    assert counting.reads.count("aggregate_violations") == 1
    assert data(client, BY_PROVINCE) == first
    assert counting.reads.count("aggregate_violations") == 1  # served again: no statement
    before = _counts(first).get("130000", 0)
    # a hand-written fix outside the API and its loaders: the next ask sees it
    small_graph.driver.execute_query(
        "MATCH (e:Enterprise {uscc: $u}) CREATE (:Violation {id: 'V-SHARED-TEST', date: date('2024-06-01'), "
        "type: 'exceedance'})-[:COMMITTED_BY]->(e)",
        u=HEBEI,
        database_=small_graph.database,
    )
    after = data(client, BY_PROVINCE)
    assert counting.reads.count("aggregate_violations") == 2
    assert _counts(after) == _counts(first) | {"130000": before + 1}
    small_graph.driver.execute_query(
        "MATCH (v:Violation {id: 'V-SHARED-TEST'}) DETACH DELETE v", database_=small_graph.database
    )
    assert data(client, BY_PROVINCE) == first
    assert counting.reads.count("aggregate_violations") == 3


def test_requests_asking_at_once_run_the_statement_once(small_graph: Database, settings: Settings) -> None:
    params: dict[str, Any] = {"group_by": "province", "rank_by": "count", "region": None, "industry": None}
    params["class"] = None
    params |= {"date_from": None, "date_to": None, "pollutant": None, "then_by": None, "first": 50}

    async def main() -> tuple[list[Any], list[str]]:
        db = counting_database(settings)
        try:
            answers = await asyncio.gather(*(db.read_shared("aggregate_violations", **params) for _ in range(8)))
            other = await db.read_shared("aggregate_violations", **(params | {"region": "13"}))
            return [*answers, other], db.reads
        finally:
            await db.close()

    answers, reads = asyncio.run(main())
    assert reads == ["aggregate_violations", "aggregate_violations"]  # once for the eight, once for other params
    assert all(a == answers[0] for a in answers[:8]) and answers[0]
    assert {r["key"] for r in answers[8]} == {"130000"}
