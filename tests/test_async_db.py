"""The API's database layer on the real test Neo4j: a read past its budget is stopped on the server too, the
pool stays usable, and a refused parameter is a typed error."""

from __future__ import annotations

import asyncio
import time

import pytest

from api.settings import Settings
from graph.async_db import AsyncDatabase, budget
from graph.db import Database
from graph.errors import RequestTimeout
from graph.records import Record

SLOW = "UNWIND range(1, 2000000000) AS x WITH x WHERE x % 7 = 0 RETURN count(*) AS n"


def test_a_read_past_its_budget_is_cancelled_on_the_server(db: Database, settings: Settings) -> None:
    async def main() -> tuple[float, list[str]]:
        adb = AsyncDatabase.connect(settings.connection(), settings.db_bounds())
        try:
            started = time.monotonic()
            with budget(0.5), pytest.raises(RequestTimeout):
                await adb.run(SLOW, {})
            elapsed = time.monotonic() - started
            await asyncio.sleep(0.5)
            assert await adb.run("RETURN 1 AS one", {}) == [{"one": 1}]  # the pool is still good
            shown = await adb.run("SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery AS query", {})
            return elapsed, [str(r["query"]) for r in shown]
        finally:
            await adb.close()

    elapsed, running = asyncio.run(main())
    assert elapsed < 2.0
    assert not any("range(1, 2000000000)" in q for q in running), running  # the server stopped it too


@pytest.mark.slow
def test_reads_outside_a_request_have_the_statement_bound(settings: Settings, small_graph: Database) -> None:
    async def main() -> list[Record]:
        adb = AsyncDatabase.connect(settings.connection(), settings.db_bounds())
        try:
            return await adb.read("count_labels")
        finally:
            await adb.close()

    assert {"label", "count"} <= set(asyncio.run(main())[0])
