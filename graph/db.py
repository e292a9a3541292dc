"""The one Neo4j driver of a process, with read/write helpers over the query catalog.

The driver is made once (FastAPI lifespan, CLI entry) and passed in as a `Database`; nothing deeper
builds its own. Reads are sent with READ routing so that a cluster's secondaries can serve them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import neo4j
from neo4j import GraphDatabase, RoutingControl
from neo4j.exceptions import AuthError, ServiceUnavailable, SessionExpired

from graph.catalog import query
from graph.errors import DatabaseUnavailable

T = TypeVar("T")


@dataclass(frozen=True)
class Connection:
    uri: str
    user: str
    password: str
    database: str = "neo4j"


class Database:
    """A driver bound to one database; run named queries by name."""

    def __init__(self, driver: neo4j.Driver, database: str) -> None:
        self.driver = driver
        self.database = database

    @classmethod
    def connect(cls, conn: Connection) -> Database:
        # Server notifications (unknown label on an empty graph, …) are hints for humans at a console, not logs.
        driver = GraphDatabase.driver(
            conn.uri, auth=(conn.user, conn.password), max_connection_pool_size=50, notifications_min_severity="OFF"
        )
        return cls(driver, conn.database)

    def close(self) -> None:
        self.driver.close()

    def verify(self) -> None:
        """Raise DatabaseUnavailable unless the server answers with these credentials."""
        with translate_errors():
            self.driver.verify_connectivity()

    def read(self, name: str, /, **params: Any) -> list[dict[str, Any]]:
        """Run a named read query; rows as dicts."""
        with translate_errors():
            records, _, _ = self.driver.execute_query(
                query(name), params, database_=self.database, routing_=RoutingControl.READ
            )
        return [r.data() for r in records]

    def write(self, name: str, /, **params: Any) -> tuple[list[dict[str, Any]], neo4j.SummaryCounters]:
        """Run a named write query in one transaction; rows and the summary counters."""
        with translate_errors():
            records, summary, _ = self.driver.execute_query(
                query(name), params, database_=self.database, routing_=RoutingControl.WRITE
            )
        return [r.data() for r in records], summary.counters

    def run_write(self, work: Callable[[neo4j.ManagedTransaction], T]) -> T:
        """Multi-step work in one retried write transaction."""
        with translate_errors(), self.driver.session(database=self.database) as session:
            return session.execute_write(work)

    def run_read(self, work: Callable[[neo4j.ManagedTransaction], T]) -> T:
        with translate_errors(), self.driver.session(database=self.database) as session:
            return session.execute_read(work)


@contextmanager
def translate_errors() -> Iterator[None]:
    """Turn the driver's connection failures into DatabaseUnavailable (503 in the API)."""
    try:
        yield
    except AuthError as exc:
        raise DatabaseUnavailable(f"Neo4j refused the credentials: {exc.message}") from exc
    except (ServiceUnavailable, SessionExpired, OSError) as exc:
        raise DatabaseUnavailable(f"Neo4j is not reachable: {exc}") from exc
