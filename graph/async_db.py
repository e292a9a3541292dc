"""The API's database: the async driver, every read bounded in time, and an outage watch.

The API never waits on the database with the event loop, and never waits without a limit:
- each read runs under the request's deadline (`budget`), as a server-side transaction timeout and as a client-side
  limit, so a cancelled or timed-out request leaves no work behind on the server;
- connection acquisition, connecting and the driver's own retries are bounded (`Bounds`), so a stopped or killed
  server answers `DatabaseUnavailable` within about two seconds;
- a `Watch` probes the server on a connection pool of its own; when a probe fails or hangs (a frozen server keeps
  its sockets open and answers nothing), every read in flight is cancelled with `DatabaseUnavailable` and new reads
  fail at once, until a probe succeeds again — the API recovers without a restart.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import neo4j
from neo4j import AsyncGraphDatabase, Query, RoutingControl
from neo4j.exceptions import AuthError, ClientError, ConnectionAcquisitionTimeoutError, DriverError, Neo4jError

from graph.catalog import query
from graph.db import Connection
from graph.db import translate_errors as unreachable_as_unavailable
from graph.errors import DatabaseUnavailable, InvalidInput, RequestTimeout
from graph.records import Record

log = logging.getLogger("permitgraph.db")
T = TypeVar("T")

_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar("permitgraph_deadline", default=None)


@contextlib.contextmanager
def budget(seconds: float) -> Iterator[None]:
    """Run the enclosed request under a deadline `seconds` from now (monotonic clock); nested budgets only
    shorten it."""
    now = time.monotonic()
    current = _DEADLINE.get()
    token = _DEADLINE.set(now + seconds if current is None else min(current, now + seconds))
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def remaining(default: float) -> float:
    """Seconds left of the current request's budget (`default` outside any request); RequestTimeout when none."""
    deadline = _DEADLINE.get()
    if deadline is None:
        return default
    left = deadline - time.monotonic()
    if left <= 0.001:
        raise RequestTimeout("the request ran out of its time budget before its database work finished")
    return left


@dataclass(frozen=True)
class Bounds:
    """How long the API may wait on the database, in seconds."""

    acquire: float = 2.0  # for a pooled connection
    connect: float = 2.0  # TCP connect and Bolt handshake
    retry: float = 1.0  # the driver's retries of a transaction that failed on a broken connection
    statement: float = 30.0  # a read outside any request budget (health, CLI helpers)
    probe_every: float = 0.5
    probe_timeout: float = 1.5
    pool: int = 50


Rows = list[Record]


class AsyncDatabase:
    """An async driver bound to one database: named reads, each bounded by the request's budget."""

    def __init__(self, driver: neo4j.AsyncDriver, database: str, bounds: Bounds) -> None:
        self.driver = driver
        self.database = database
        self.bounds = bounds
        self.outage: str | None = None  # why the database is held to be down (set by the Watch)
        self._inflight: set[asyncio.Future[Any]] = set()

    @classmethod
    def connect(cls, conn: Connection, bounds: Bounds | None = None) -> AsyncDatabase:
        b = bounds or Bounds()
        return cls(_driver(conn, b), conn.database, b)

    async def close(self) -> None:
        await self.driver.close()

    async def read(self, name: str, /, *, max_rows: int | None = None, **params: Any) -> Rows:
        """Run a named read query; rows as dicts. With `max_rows`, stop fetching after max_rows + 1 rows (the
        caller tells a list that is too long by the extra row; the rest is never sent)."""
        return await self.run(query(name), params, max_rows)

    async def write(self, name: str, /, **params: Any) -> Rows:
        """Run a named write query (one transaction, routed to the leader) within the budget: the API's few writes
        (a finding's workflow step, a disclosure, the audit trail)."""
        return await self.run(query(name), params, routing=RoutingControl.WRITE)

    async def run(
        self,
        text: str,
        params: dict[str, Any],
        max_rows: int | None = None,
        routing: RoutingControl = RoutingControl.READ,
    ) -> Rows:
        """Run one statement (catalog text only: callers pass `query(name)`) within the budget."""
        if self.outage is not None:
            raise DatabaseUnavailable(f"Neo4j is not reachable: {self.outage}")
        timeout = remaining(self.bounds.statement)
        work = asyncio.ensure_future(self._execute(text, params, timeout, max_rows, routing))
        self._inflight.add(work)
        work.add_done_callback(self._inflight.discard)
        try:
            return await asyncio.wait_for(work, timeout)
        except TimeoutError:
            raise RequestTimeout(
                f"the request ran past its time budget ({timeout:.1f} s left for this statement); its database "
                "work was cancelled — narrow the request"
            ) from None
        except asyncio.CancelledError:
            task = asyncio.current_task()
            if work.cancelled() and self.outage is not None and (task is None or task.cancelling() == 0):
                raise DatabaseUnavailable(f"Neo4j is not reachable: {self.outage}") from None
            raise

    async def _execute(
        self, text: str, params: dict[str, Any], timeout: float, max_rows: int | None, routing: RoutingControl
    ) -> Rows:
        async def take(result: neo4j.AsyncResult) -> Rows:
            rows: Rows = []
            async for record in result:
                rows.append(record.data())
                if max_rows is not None and len(rows) > max_rows:
                    break  # the transaction closes and discards the rest on the server
            return rows

        with translate_errors():
            rows: Rows = await self.driver.execute_query(
                Query(text, timeout=timeout),  # catalog text, never user input
                params,
                database_=self.database,
                routing_=routing,
                bookmark_manager_=None,  # reads need not wait for this driver's own writes (a write returns its own)
                result_transformer_=take,
            )
        return rows

    def cancel_inflight(self) -> int:
        """Cancel every read under way (the Watch found the server gone); they raise DatabaseUnavailable."""
        pending = [f for f in self._inflight if not f.done()]
        for f in pending:
            f.cancel()
        return len(pending)


def _driver(conn: Connection, bounds: Bounds) -> neo4j.AsyncDriver:
    return AsyncGraphDatabase.driver(
        conn.uri,
        auth=(conn.user, conn.password),
        max_connection_pool_size=bounds.pool,
        connection_acquisition_timeout=bounds.acquire,
        connection_timeout=bounds.connect,
        max_transaction_retry_time=bounds.retry,
        notifications_min_severity="OFF",
    )


@contextlib.contextmanager
def translate_errors() -> Iterator[None]:
    """The driver's failures as permitgraph's: unreachable → DatabaseUnavailable (as `graph.db`), and beyond
    that a server-side timeout → RequestTimeout, a parameter the server refuses (e.g. out of range) → InvalidInput."""
    try:
        with unreachable_as_unavailable():
            yield
    except ClientError as exc:
        code = exc.code or ""
        if "TransactionTimedOut" in code:
            raise RequestTimeout("the request ran past its time budget; the database stopped its work") from exc
        if code.startswith(("Neo.ClientError.Statement.ArgumentError", "Neo.ClientError.Statement.TypeError")):
            detail = (exc.message or "")[:200]
            raise InvalidInput(f"a parameter is outside what the database accepts: {detail}") from exc
        raise
    except Neo4jError as exc:
        if exc.code and "Transaction" in exc.code and "Terminated" in exc.code:
            raise RequestTimeout("the request's database work was stopped (time budget)") from exc
        raise
    except ConnectionAcquisitionTimeoutError as exc:
        raise DatabaseUnavailable(
            "the API is busy: no database connection came free in time (every pooled connection is in use); try "
            "again shortly"
        ) from exc
    except DriverError as exc:
        raise DatabaseUnavailable(f"Neo4j is not reachable: {exc}") from exc


class Watch:
    """Probes the server every `probe_every` seconds on its own small pool; a probe that fails or takes longer
    than `probe_timeout` marks the database down (reads in flight cancelled, new ones refused) until one succeeds."""

    def __init__(self, db: AsyncDatabase, conn: Connection) -> None:
        self.db = db
        self.bounds = db.bounds
        quick = Bounds(acquire=db.bounds.probe_timeout, connect=db.bounds.probe_timeout, retry=0.0, pool=2)
        self._probe_driver = _driver(conn, quick)
        self._task: asyncio.Task[None] | None = None
        self.last_ms: float | None = None

    async def probe(self) -> str | None:
        """One probe: None when the server answered in time, else why not."""
        started = time.monotonic()
        try:
            async with asyncio.timeout(self.bounds.probe_timeout):
                await self._probe_driver.execute_query(
                    "RETURN 1", database_=self.db.database, routing_=RoutingControl.READ, bookmark_manager_=None
                )
        except TimeoutError:
            return f"no answer within {self.bounds.probe_timeout:.1f} s"
        except AuthError as exc:
            return f"Neo4j refused the credentials: {exc.message}"
        except (Neo4jError, DriverError, OSError) as exc:
            return str(exc) or type(exc).__name__
        self.last_ms = (time.monotonic() - started) * 1000
        return None

    async def _run(self) -> None:
        while True:
            problem = await self.probe()
            if problem is not None and self.db.outage is None:
                self.db.outage = problem
                cancelled = self.db.cancel_inflight()
                log.warning("database down (%s): %d read(s) in flight cancelled", problem, cancelled)
            elif problem is None and self.db.outage is not None:
                log.warning("database reachable again after: %s", self.db.outage)
                self.db.outage = None
            elif problem is not None:
                self.db.outage = problem
            await asyncio.sleep(self.bounds.probe_every)

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run(), name="permitgraph-db-watch")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self._probe_driver.close()


async def within(seconds: float, work: Callable[[], Awaitable[T]]) -> T:
    """Await `work()` under a budget of its own (e.g. /health's count)."""
    with budget(seconds):
        return await work()
