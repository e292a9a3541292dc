"""No N+1: a nested query costs one round trip per query and level, however many objects it touches."""

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.db import Database
from sample.generate import Params
from tests.conftest import load_generated
from tests.test_api import CountingDatabase, counting_database

pytestmark = pytest.mark.slow  # a server, a browser, a restart or a generated graph: `pytest -m "not slow"` skips it

NESTED = """query($n: Int!) { enterprises(first: $n, sort: USCC) { nodes { uscc
  outlets(first: 50) { nodes { code
    limits(first: 50) { nodes { pollutant { code } } }
    treatmentFacilities { nodes { productionFacilities { nodes { eiaApprovals { nodes { docNumber } } } } } } } }
  permits { nodes { reports(first: 50) { nodes { emissions { actualT } } } } } } } }"""
LEVELS = [
    "find_enterprises",
    "list_outlets_of_enterprises",
    "list_permits_of_enterprises",
    "list_limits_of_outlets",
    "list_treatment_facilities_of_outlets",
    "list_reports_of_permits",
    "list_pollutants_of_permit_limits",
    "list_sources_of_treatment_facilities",
    "list_emissions_of_execution_reports",
    "list_eia_approvals_of_production_facilities",
]


@pytest.fixture(scope="module")
def generated(db: Database, tmp_path_factory: pytest.TempPathFactory) -> Database:
    return load_generated(db, tmp_path_factory.mktemp("generated"), Params(enterprises=60, seed=5, days=31))


@pytest.fixture(scope="module")
def counting(generated: Database, settings: Settings) -> CountingDatabase:
    return counting_database(settings)


@pytest.fixture(scope="module")
def client(counting: CountingDatabase, settings: Settings) -> Iterator[TestClient]:
    # NESTED asks for pages of 50 four lists deep: far above the default cost limit, which is not what this tests
    unlimited = settings.model_copy(update={"permitgraph_max_cost": 10**9})
    with TestClient(create_app(unlimited, db=counting)) as c:
        yield c


def _objects(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + sum(_objects(v) for v in value.values())
    if isinstance(value, list):
        return sum(_objects(v) for v in value)
    return 0


@pytest.mark.parametrize("enterprises", [5, 60])
def test_round_trips_are_bounded_by_depth_not_by_objects(
    client: TestClient, counting: CountingDatabase, enterprises: int
) -> None:
    counting.reads.clear()
    body = client.post("/graphql", json={"query": NESTED, "variables": {"n": enterprises}}).json()
    assert "errors" not in body
    assert len(body["data"]["enterprises"]["nodes"]) == enterprises
    assert sorted(counting.reads) == sorted(LEVELS)  # each hop once, for all parents together
    assert _objects(body["data"]) > 10 * len(LEVELS)
