"""The API's database: the async driver, every read bounded in time, and an outage watch.

The API never waits on the database with the event loop, and never waits without a limit:
- each read runs under the request's deadline (`budget`), as a server-side transaction timeout and as a client-side
  limit, so a cancelled or timed-out request leaves no work behind on the server;
- connecting and the driver's own retries are bounded (`Bounds`), so a stopped or killed server answers
  `DatabaseUnavailable` within about two seconds; waiting for a pooled connection (a busy API, not a down one) is
  bounded too, by half the request's budget;
- a `Watch` probes the server on a connection pool of its own. Two probes in a row that fail or hang (a frozen
  server keeps its sockets open and answers nothing) mark the database down: every read in flight is cancelled with
  `DatabaseUnavailable` and new reads wait up to `outage_wait` for the return, then fail, until a probe succeeds
  again. The watch probes from a thread with an event loop of its own: a crowd of requests cannot starve it. One
  slow probe is not an outage, and a probe's time limit grows with how long probes have recently taken, so a
  saturated machine is not one either;
- recovery needs nobody: when the database comes back, and whenever probes succeed while the API's own reads have
  failed as unreachable for a while (a driver whose pool or routing table is stuck hands out no connection while the
  server answers), the driver is rebuilt; the old one closes once its reads are done;
- credentials the server rejects are their own state (`credentials_rejected`), probed with back-off up to a
  minute so the API never trips the server's authentication rate limit for everyone else;
- a dashboard's aggregate (`read_shared`) is computed once per database state and served again until any
  transaction commits: the state is the bookmark the server returns for an empty read (the last committed
  transaction's id), so a dashboard costs one round trip however large the graph, and is never stale.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import threading
import time
from collections import OrderedDict, deque
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
from graph.records import Record, row

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
    stuck_after: float = 2.0  # probes succeed, our reads fail as unreachable this long: rebuild the driver
    down_after: int = 2  # consecutive failed probes
    outage_wait: float = 1.0  # a read while the database is down waits this long for it to come back


Rows = list[Record]
SHARED_ANSWERS = 512  # aggregates `read_shared` keeps per process (each at most a dashboard's groups)


class AsyncDatabase:
    """An async driver bound to one database: named reads, each bounded by the request's budget."""

    def __init__(
        self, driver: neo4j.AsyncDriver, database: str, bounds: Bounds, conn: Connection | None = None
    ) -> None:
        self.driver = driver
        self.database = database
        self.bounds = bounds
        self.conn = conn  # to rebuild the driver (None: a driver made elsewhere, never rebuilt)
        self.outage: str | None = None  # why the database is held to be down (set by the Watch)
        self.state = "up"  # up, down or credentials_rejected (set by the Watch)
        self.failing_since: float | None = None  # the first unreachable failure since the last good read
        self.last_ok = 0.0  # when a read last succeeded (monotonic)
        self.rebuilds = 0
        self._inflight: set[asyncio.Future[Any]] = set()
        self._closing: set[asyncio.Task[None]] = set()
        self._up: asyncio.Event | None = None  # set while the database is held up (on the API's loop)
        self._shared: OrderedDict[tuple[str, str], tuple[frozenset[str], Rows]] = OrderedDict()  # read_shared's
        self._computing: dict[tuple[str, str, frozenset[str]], asyncio.Task[Rows]] = {}

    @classmethod
    def connect(cls, conn: Connection, bounds: Bounds | None = None) -> AsyncDatabase:
        b = bounds or Bounds()
        return cls(_driver(conn, b), conn.database, b, conn)

    async def close(self) -> None:
        for task in list(self._closing):
            task.cancel()
        await self.driver.close()

    def set_up(self, up: bool) -> None:
        """The Watch's verdict, on the API's loop: requests held for the database's return go on at once."""
        if self._up is None:
            self._up = asyncio.Event()
        if up:
            self._up.set()
        else:
            self._up.clear()

    async def _back_soon(self) -> bool:
        """While the database is held down, a read waits up to `outage_wait` (within its budget) for it to come
        back, rather than failing at once: clients that retry at once then do not spin the loop, and a read asked
        just before the return is answered."""
        if self._up is None:
            self._up = asyncio.Event()
        try:
            wait = min(self.bounds.outage_wait, remaining(self.bounds.outage_wait))
        except RequestTimeout:
            return False
        try:
            await asyncio.wait_for(self._up.wait(), wait)
        except TimeoutError:
            return self.outage is None
        return self.outage is None

    async def rebuild(self, why: str, warm: int = 4) -> bool:
        """A new driver for new reads, warmed with `warm` connections first (a cold pool meeting a crowd of waiting
        requests on a busy machine times their acquisition out); the old one is closed once its reads had their
        time."""
        if self.conn is None:
            return False
        fresh = _driver(self.conn, self.bounds)
        with contextlib.suppress(Exception):  # a failed warm-up still replaces a stuck driver
            async with asyncio.timeout(self.bounds.probe_timeout * 4):
                await asyncio.gather(
                    *(
                        fresh.execute_query(
                            "RETURN 1", database_=self.database, routing_=RoutingControl.READ, bookmark_manager_=None
                        )
                        for _ in range(warm)
                    )
                )
        old, self.driver = self.driver, fresh
        self.failing_since = None
        self.rebuilds += 1
        log.warning("database driver rebuilt (%s)", why)

        async def close_later() -> None:
            await asyncio.sleep(self.bounds.statement)
            with contextlib.suppress(Exception):
                await old.close()

        task = asyncio.get_running_loop().create_task(close_later())
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)
        return True

    async def read(self, name: str, /, *, max_rows: int | None = None, **params: Any) -> Rows:
        """Run a named read query; rows as dicts. With `max_rows`, stop fetching after max_rows + 1 rows (the
        caller tells a list that is too long by the extra row; the rest is never sent)."""
        return await self.run(query(name), params, max_rows)

    async def read_shared(self, name: str, /, **params: Any) -> Rows:
        """A named read (an aggregate) whose rows every request shares while the database stays as it was when
        they were computed: one empty read tells its state (the last committed transaction); the statement runs
        again only after a commit, once for all the requests that ask meanwhile. Callers must not change the rows."""
        key = (name, repr(sorted(params.items())))
        state = await self.version()
        held = self._shared.get(key)
        if held is not None and held[0] == state:
            self._shared.move_to_end(key)
            return held[1]
        computing = self._computing.get((*key, state))
        if computing is None:
            computing = asyncio.ensure_future(self.read(name, **params))
            self._computing[(*key, state)] = computing

            def keep(task: asyncio.Task[Rows], key: tuple[str, str] = key) -> None:
                self._computing.pop((*key, state), None)
                if not task.cancelled() and task.exception() is None:
                    self._shared[key] = (state, task.result())
                    self._shared.move_to_end(key)
                    while len(self._shared) > SHARED_ANSWERS:
                        self._shared.popitem(last=False)

            computing.add_done_callback(keep)
        return await asyncio.shield(computing)  # a caller that gives up leaves it to the others

    async def version(self) -> frozenset[str]:
        """The database's state: the bookmark of an empty read, naming the last committed transaction."""
        bookmarks = AsyncGraphDatabase.bookmark_manager()
        await self.run(query("get_data_version"), {}, bookmarks=bookmarks)
        return frozenset(await bookmarks.get_bookmarks())

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
        bookmarks: neo4j.AsyncBookmarkManager | None = None,
    ) -> Rows:
        """Run one statement (catalog text only: callers pass `query(name)`) within the budget; `bookmarks` receives
        the bookmark of its transaction."""
        if self.outage is not None and not await self._back_soon():
            raise DatabaseUnavailable(f"Neo4j is not reachable: {self.outage}")
        timeout = remaining(self.bounds.statement)
        work = asyncio.ensure_future(self._execute(text, params, timeout, max_rows, routing, bookmarks))
        self._inflight.add(work)
        work.add_done_callback(self._inflight.discard)
        try:
            rows = await asyncio.wait_for(work, timeout)
            self.failing_since = None
            self.last_ok = time.monotonic()
            return rows
        except DatabaseUnavailable:
            if self.failing_since is None:
                self.failing_since = time.monotonic()
            raise
        except TimeoutError:
            raise RequestTimeout(
                f"the request ran past its time budget ({timeout:.1f} s left for this statement); its database "
                "work was cancelled — narrow the request"
            ) from None
        except asyncio.CancelledError:
            task = asyncio.current_task()
            if work.cancelled() and (task is None or task.cancelling() == 0):  # cut by the watch, not by our caller
                why = self.outage or "the outage watch cut the read off"
                raise DatabaseUnavailable(f"Neo4j is not reachable: {why}") from None
            raise

    async def _execute(
        self,
        text: str,
        params: dict[str, Any],
        timeout: float,
        max_rows: int | None,
        routing: RoutingControl,
        bookmarks: neo4j.AsyncBookmarkManager | None,
    ) -> Rows:
        async def take(result: neo4j.AsyncResult) -> Rows:
            rows: Rows = []
            keys = list(result.keys())
            async for record in result:
                rows.append(row(keys, record.values()))
                if max_rows is not None and len(rows) > max_rows:
                    break  # the transaction closes and discards the rest on the server
            return rows

        with translate_errors():
            rows: Rows = await self.driver.execute_query(
                Query(text, timeout=timeout),  # catalog text, never user input
                params,
                database_=self.database,
                routing_=routing,
                bookmark_manager_=bookmarks,  # none: reads need not wait for this driver's own writes
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
    """Probes the server every `probe_every` seconds on its own small pool, from a thread with an event loop of its
    own — so that a crowd of requests on the API's loop never delays a probe into a false outage, nor holds a
    recovery back. `down_after` failed probes in a row mark the database down (reads in flight cancelled, new ones
    refused) until one succeeds; rejected credentials are a state of their own, probed with back-off; a driver that
    stays stuck while probes succeed is rebuilt (on the API's loop, where its reads run)."""

    def __init__(self, db: AsyncDatabase, conn: Connection) -> None:
        self.db = db
        self.bounds = db.bounds
        self.conn = conn
        self._probe_driver: neo4j.AsyncDriver | None = None  # made in the watch's own loop
        self._thread: threading.Thread | None = None
        self._main: asyncio.AbstractEventLoop | None = None
        self._stop = threading.Event()
        self.last_ms: float | None = None
        self.failures = 0  # consecutive failed probes
        self.backoff = 0.0  # seconds to wait before the next probe after rejected credentials
        self._recent: deque[float] = deque(maxlen=20)  # the last good probes' seconds

    def _new_probe_driver(self) -> neo4j.AsyncDriver:
        limit = 4 * self.bounds.probe_timeout
        return _driver(self.conn, Bounds(acquire=limit, connect=limit, retry=0.0, pool=2))

    def timeout(self) -> float:
        """A probe's time limit: the configured one, or five times the recent median when the machine is slow."""
        if not self._recent:
            return self.bounds.probe_timeout
        median = sorted(self._recent)[len(self._recent) // 2]
        return min(max(self.bounds.probe_timeout, 5 * median), 4 * self.bounds.probe_timeout)

    async def probe(self) -> str | None:
        """One probe: None when the server answered in time, else why not ("credentials: …" when rejected)."""
        if self._probe_driver is None:
            self._probe_driver = self._new_probe_driver()
        started = time.monotonic()
        limit = self.timeout()
        try:
            async with asyncio.timeout(limit):
                await self._probe_driver.execute_query(
                    "RETURN 1", database_=self.db.database, routing_=RoutingControl.READ, bookmark_manager_=None
                )
        except TimeoutError:
            return f"no answer within {limit:.1f} s"
        except AuthError as exc:
            return f"credentials: Neo4j refused the API's credentials ({exc.message})"
        except ClientError as exc:
            if "Security" in (exc.code or ""):  # AuthenticationRateLimit and the like
                return f"credentials: {exc.message}"
            return str(exc) or type(exc).__name__
        except (Neo4jError, DriverError, OSError) as exc:
            return str(exc) or type(exc).__name__
        elapsed = time.monotonic() - started
        self._recent.append(elapsed)
        self.last_ms = elapsed * 1000
        return None

    async def _on_main(self, work: Callable[[], Awaitable[T]], limit: float) -> T | None:
        """Run `work()` on the API's loop (where the driver's reads run) and wait for it here, at most `limit`."""
        if self._main is None:
            return await work()
        future = asyncio.run_coroutine_threadsafe(_call(work), self._main)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), limit)
        except (TimeoutError, RuntimeError):
            return None

    async def step(self) -> float:
        """One probe and what follows from it; the seconds until the next."""
        db = self.db
        started = time.monotonic()
        problem = await self.probe()
        rebuild_limit = 6 * self.bounds.probe_timeout
        if problem is not None and problem.startswith("no answer") and db.last_ok >= started:
            self.failures = 0  # reads succeeded while the probe waited: a slow server, not a down one
            return self.bounds.probe_every
        if problem is None:
            self.failures, self.backoff = 0, 0.0
            if db.outage is not None:
                log.warning("database reachable again after: %s", db.outage)
                # its pool may hold dead connections or a stale routing table: a warmed new driver first
                await self._on_main(lambda: db.rebuild("the database came back", warm=1), self.bounds.probe_timeout)
                db.outage, db.state = None, "up"
                self._on_main_soon(lambda: db.set_up(True))
            elif db.failing_since is not None and time.monotonic() - db.failing_since > self.bounds.stuck_after:
                await self._on_main(lambda: db.rebuild("probes succeed while reads found no server"), rebuild_limit)
            return self.bounds.probe_every
        if problem.startswith("credentials: "):
            if db.state != "credentials_rejected":
                log.error("database refused the API's credentials: probing with back-off (%s)", problem)
                self._cancel_inflight()
            db.outage, db.state = problem.removeprefix("credentials: "), "credentials_rejected"
            self.backoff = min(60.0, max(5.0, self.backoff * 2))  # Neo4j locks a user after 3 failures
            await self._renew_probe_driver()
            return self.backoff
        self.failures += 1
        await self._renew_probe_driver()  # a stuck probe pool must not keep the API down
        if self.failures >= self.bounds.down_after:
            if db.outage is None:
                db.outage, db.state = problem, "down"
                self._cancel_inflight()
                log.warning("database down (%s): reads in flight cancelled", problem)
            else:
                db.outage = problem
            return self.bounds.probe_every
        return 0.0  # one failure is not an outage: ask again at once

    def _cancel_inflight(self) -> None:
        db = self.db
        self._on_main_soon(lambda: db.set_up(db.outage is None))
        self._on_main_soon(lambda: db.cancel_inflight() if db.outage is not None else 0)  # still down by then

    def _on_main_soon(self, action: Callable[[], object]) -> None:
        if self._main is None:
            action()
        else:
            with contextlib.suppress(RuntimeError):  # the API's loop has closed
                self._main.call_soon_threadsafe(action)

    async def _renew_probe_driver(self) -> None:
        old, self._probe_driver = self._probe_driver, self._new_probe_driver()
        if old is not None:
            with contextlib.suppress(Exception):
                async with asyncio.timeout(0.5):
                    await old.close()

    async def _watch(self) -> None:
        try:
            while not self._stop.is_set():
                try:
                    wait = await self.step()
                except Exception:  # the watch never dies: log and go on
                    log.exception("database watch step failed")
                    wait = self.bounds.probe_every
                await asyncio.to_thread(self._stop.wait, wait) if wait > 0 else None
        finally:
            if self._probe_driver is not None:
                with contextlib.suppress(Exception):
                    await self._probe_driver.close()

    def start(self) -> None:
        self._main = asyncio.get_running_loop()
        self._stop.clear()
        self._thread = threading.Thread(target=lambda: asyncio.run(self._watch()), name="permitgraph-db-watch")
        self._thread.daemon = True
        self._thread.start()

    async def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            await asyncio.to_thread(self._thread.join, 5.0)


async def _call(work: Callable[[], Awaitable[T]]) -> T:
    return await work()


async def within(seconds: float, work: Callable[[], Awaitable[T]]) -> T:
    """Await `work()` under a budget of its own (e.g. /health's count)."""
    with budget(seconds):
        return await work()
