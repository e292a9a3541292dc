"""Where an outlet-trace request's time goes: HTTP, the statement, and what GraphQL adds, in the same run.

`bench.query_latency` compares the trace over GraphQL with the same statement through the driver. This one puts
servers without GraphQL beside them, to show how much of the gap any Python HTTP server that runs the statement
would have. All are timed from this process with the standard library's HTTP client, interleaved:
- bare HTTP: a minimal ASGI app under uvicorn that answers a fixed body (no FastAPI, no GraphQL, no database);
- bare HTTP + statement: the same minimal app running `trace_outlet` through the driver in a worker thread (as
  the API does) and answering its rows as JSON: the least any Python API over this driver could cost;
- GraphQL floor: `{ __typename }` through the whole app (uvicorn, FastAPI, strawberry, the limits);
- GraphQL trace: `outletTrace` with the query benchmark's selection;
- statement: `trace_outlet` through the driver in this process (the query benchmark's "Cypher").
It prints p50/p95 (ms) and each p50 over the statement's.

Uses whatever graph is loaded (run `python -m bench.query_latency` or `permitgraph demo` first).
Run: `python -m bench.api_floor [--samples 40] [--rounds 10]` (NEO4J_URI or the local server).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
from collections.abc import Callable
from typing import Any

from api.auth import create_key
from api.settings import Settings
from bench.load_throughput import page_cache
from bench.query_latency import _percentiles, _timed, post, sample_outlets, serve
from graph.catalog import query
from graph.db import Database
from tests.documents import TRACE

Scope = dict[str, Any]
Receive = Callable[[], Any]
Send = Callable[[dict[str, Any]], Any]


async def _respond(send: Send, body: bytes) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": body})


async def _body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


async def bare(scope: Scope, receive: Receive, send: Send) -> None:
    """A fixed answer: what uvicorn and HTTP cost."""
    if scope["type"] == "http":
        await _body(receive)
        await _respond(send, b'{"data":{"__typename":"Query"}}')


_db: list[Database] = []  # the statement app's one driver, made on its first request


async def bare_statement(scope: Scope, receive: Receive, send: Send) -> None:
    """The trace statement's rows as JSON, run in a worker thread as the API runs it."""
    if scope["type"] != "http":
        return
    key = json.loads(await _body(receive))["key"]
    if not _db:
        _db.append(Database.connect(Settings().connection()))
    rows = await asyncio.to_thread(_db[0].read, "trace_outlet", key=key, recent=20)
    await _respond(send, json.dumps(rows, default=str).encode())


def _statement(db: Database, text: str, key: str) -> Callable[[], Any]:
    return lambda: db.driver.execute_query(text, {"key": key, "recent": 20}, database_=db.database, routing_="r")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=40, help="outlets traced")
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    db = Database.connect(Settings().connection())
    outlets = sample_outlets(db, random.Random(1), args.samples)
    if not outlets:
        sys.exit("no outlets in the graph: run `python -m bench.query_latency` or `permitgraph demo` first")
    print(f"Neo4j page cache: {page_cache(db)}; {len(outlets)} outlets, as an analyst API key", flush=True)
    key = create_key(db, "bench api floor", "analyst", ["national"])  # the caller that matters: a key, not anonymous
    servers = {
        "bare": serve("bench.api_floor:bare"),
        "statement": serve("bench.api_floor:bare_statement"),
        "app": serve("api.app:create_app", "--factory"),
    }
    statement = query("trace_outlet")
    try:
        cases: dict[str, list[Callable[[], Any]]] = {
            "bare HTTP": [post(servers["bare"][1], "/", {})],
            "bare HTTP + statement": [post(servers["statement"][1], "/", {"key": k}) for k in outlets],
            "GraphQL floor {__typename}": [post(servers["app"][1], "/graphql", {"query": "{ __typename }"}, key)],
            "GraphQL trace": [
                post(
                    servers["app"][1],
                    "/graphql",
                    {"query": TRACE, "variables": dict(zip("uc", k.split(":"), strict=True))},
                    key,
                )
                for k in outlets
            ],
            "statement (driver)": [_statement(db, statement, k) for k in outlets],
        }
        for runs in cases.values():  # warm every path
            for run in runs[:5] * 4:
                run()
        times: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(args.rounds):
            for i in range(len(outlets)):  # interleaved, so drift affects all alike
                for name, runs in cases.items():
                    times[name].append(_timed(runs[i % len(runs)]))
    finally:
        for server, conn in servers.values():
            conn.close()
            server.terminate()
            server.wait()
    base = statistics.median(times["statement (driver)"])
    print(f"\n{'':<28} {'p50':>6} {'p95':>6} {'p50 / statement':>16}")
    for name, samples in times.items():
        p50, p95 = _percentiles(samples)
        print(f"{name:<28} {p50:>6.2f} {p95:>6.2f} {p50 / base:>15.2f}×")
    db.close()


if __name__ == "__main__":
    main()
