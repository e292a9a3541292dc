"""Fixtures: a real Neo4j 5.26 for the whole session, wiped per test module or test as needed.

By default a local test server is started on port 7688 with its own store (.permitgraph/test), so the
demo's data is never touched. Run in parallel (`pytest -n 2`, pytest-xdist), each worker has a server of its own:
worker N on port 7688 + 100·N with its store in .permitgraph/test-gwN, so workers never wipe each other's graph.
PERMITGRAPH_TEST_NEO4J_URI points the suite at another server instead (its database is wiped; one worker only).
A server the session started is stopped at its end, unless PERMITGRAPH_TEST_KEEP_SERVER is set: the inner loop
(`pytest -m "not slow"`) then skips the server's start and warm-up on its next run.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from api.settings import PROJECT_DIR, Settings
from graph import checks, local, migrations
from graph.db import Database
from loaders.load import load
from sample.generate import Params, generate
from schema.access import ROLES

DATA = Path(__file__).parent / "data"
UNTHROTTLED = json.dumps({role: {"per_minute": 1e9, "burst": 10**9} for role in ROLES})


def _worker() -> int:
    """This pytest-xdist worker's number (0 without xdist)."""
    name = os.environ.get("PYTEST_XDIST_WORKER", "")
    return int(name[2:]) if name.startswith("gw") and name[2:].isdigit() else 0


def _settings() -> Settings:
    worker = _worker()
    external = os.environ.get("PERMITGRAPH_TEST_NEO4J_URI")
    if external and int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")) > 1:
        pytest.exit("PERMITGRAPH_TEST_NEO4J_URI is one database, which parallel workers would wipe: run without -n", 2)
    return Settings(
        neo4j_uri=external,
        neo4j_password=os.environ.get("PERMITGRAPH_TEST_NEO4J_PASSWORD", "permitgraph"),
        permitgraph_home=PROJECT_DIR / ".permitgraph" / ("test" if worker == 0 else f"test-gw{worker}"),
        permitgraph_bolt_port=int(os.environ.get("PERMITGRAPH_TEST_BOLT_PORT", "7688")) + 100 * worker,
        permitgraph_heap="1g",
        permitgraph_pagecache="512m",
        # The suite's requests see everything unless a test asks as a role (tests/test_access.py, test_auth.py).
        permitgraph_anonymous_role="admin",
        # The suite sends far more requests than a caller may; tests/test_throttle.py sets the limits it tests.
        permitgraph_role_limits=UNTHROTTLED,
    )


_STARTED: list[bool] = []  # whether this process started its test server (then it stops it at the end)


def pytest_sessionstart(session: pytest.Session) -> None:
    """Start this process's test server while the tests are collected (the JVM's boot overlaps the imports);
    the `db` fixture waits for it. Not in a pytest-xdist controller, which runs no tests."""
    option = session.config.option
    if option.collectonly or (getattr(option, "numprocesses", None) and not os.environ.get("PYTEST_XDIST_WORKER")):
        return
    settings = _settings()
    if settings.uses_local_server and local.running_pid(settings.local_server()) is None:
        local.start(settings.local_server())
        _STARTED.append(True)


def pytest_collection_finish(session: pytest.Session) -> None:
    """No test to run needs the database (a run of unit tests): the server started for nothing stops now."""
    if _STARTED and not any("db" in getattr(item, "fixturenames", ()) for item in session.items):
        local.stop(_settings().local_server())
        _STARTED.clear()


def pytest_sessionfinish(session: pytest.Session) -> None:
    if _STARTED and not os.environ.get("PERMITGRAPH_TEST_KEEP_SERVER"):
        local.stop(_settings().local_server())


@pytest.fixture(scope="session")
def settings() -> Settings:
    return _settings()


@pytest.fixture(scope="session")
def db(settings: Settings) -> Iterator[Database]:
    if settings.uses_local_server:
        server = settings.local_server()
        if local.running_pid(server) is None:
            local.start(server)
            _STARTED.append(True)
        local.wait_ready(server)
    database = Database.connect(settings.connection())
    database.verify()
    migrations.apply(database)
    yield database
    database.close()  # the server this process started stops at the session's end (pytest_sessionfinish)


def q(db: Database, cypher: str, **params: Any) -> list[dict[str, Any]]:
    """A test's own Cypher, read straight from the graph (what the product's queries must agree with)."""
    return [r.data() for r in db.driver.execute_query(cypher, params, database_=db.database).records]


def wipe(db: Database) -> None:
    """Delete every node but the migration records, in batches (a large graph does not fit one transaction)."""
    with db.driver.session(database=db.database) as session:
        session.run(
            "MATCH (n) WHERE NOT n:SchemaMigration CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
        ).consume()


@pytest.fixture
def empty_db(db: Database) -> Database:
    wipe(db)
    return db


@pytest.fixture(scope="module")
def small_graph(db: Database) -> Database:
    """The hand-built graph of tests/data/small: 3 enterprises with known answers."""
    wipe(db)
    load(db, DATA / "small")
    return db


def load_generated(db: Database, folder: Path, params: Params) -> Database:
    """An emptied database holding a generated graph (files written to `folder`)."""
    wipe(db)
    generate(params, folder)
    load(db, folder)
    return db


def small_checked(db: Database) -> Database:
    """The hand-built graph of tests/data/small with its findings as of 2025-03-01 (the access and workflow tests)."""
    wipe(db)
    load(db, DATA / "small")
    checks.check(db, as_of=dt.date(2025, 3, 1))
    return db
