"""Each view beside its floor: a bare server running the same statements, in the same run.

For every view a dashboard opens — the outlet trace, the one-permit view, a group's violation chain, violations by
province, permits expiring by month — and `{ __typename }`, over HTTP with the standard library's client on one
kept-alive connection, interleaved so drift affects all alike:
- key: the API asked with an analyst's API key (the caller that matters);
- anonymous: the same API, a second process whose anonymous caller is an analyst (no credentials at all);
- floor: a bare ASGI app under the same uvicorn running, through the same async driver, exactly the statements the
  API ran for that request (recorded first by running each request through the app in this process), and answering
  their rows as JSON: the least any Python API over this driver could cost for the same database work;
- bare HTTP: the bare app answering a fixed body (what uvicorn and HTTP cost);
- anchor: the same request in @neo4j/graphql's spelling, to it on Apollo (`bench/anchor.py`; `--no-anchor` leaves it
  out where node and npm are missing).
It prints p50/p95 (ms), key ÷ floor (target ≤ 1.3×, the chain ≤ 1.5×), key ÷ anonymous (≤ 1.10×) and anchor ÷ key.

Uses whatever graph is loaded (run `python -m bench.query_latency` or `permitgraph demo` first).
Run: `python -m bench.api_floor [--samples 30] [--rounds 5]` (NEO4J_URI or the local server).
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import pickle
import random
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
from fastapi.testclient import TestClient
from neo4j import AsyncDriver, AsyncGraphDatabase, RoutingControl

from api.app import create_app
from api.auth import create_key
from api.settings import Settings
from bench.anchor import A_CHAIN, A_DASH, A_PERMIT, A_TRACE, start_anchor
from bench.load_throughput import page_cache
from bench.query_latency import _percentiles, _timed, post, sample_outlets, serve
from graph.async_db import AsyncDatabase
from graph.catalog import query
from graph.db import Database
from tests.documents import CHAIN, DASH_EXPIRING, DASH_PROVINCE, PERMIT, TRACE

Scope = dict[str, Any]
Receive = Callable[[], Any]
Send = Callable[[dict[str, Any]], Any]
Statements = list[tuple[str, dict[str, Any]]]
NOT_THE_REQUEST = frozenset(query(n) for n in ("find_api_key", "find_api_key_revocations"))  # auth's own reads


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


_state: dict[str, Any] = {}  # the floor app's driver and recorded statements, made on its first request


async def floor(scope: Scope, receive: Receive, send: Send) -> None:
    """The statements the API ran for request `i`, one after another through the async driver; their rows as JSON."""
    if scope["type"] != "http":
        return
    index = json.loads(await _body(receive))["i"]
    if not _state:
        conn = Settings().connection()
        _state["driver"] = AsyncGraphDatabase.driver(conn.uri, auth=(conn.user, conn.password))
        _state["database"] = conn.database
        _state["requests"] = pickle.loads(Path(os.environ["PERMITGRAPH_FLOOR_STATEMENTS"]).read_bytes())
    driver: AsyncDriver = _state["driver"]

    async def rows(result: Any) -> Any:
        return await result.data()

    out = []
    for text, params in _state["requests"][index]:
        answer = await driver.execute_query(
            text,
            params,
            database_=_state["database"],
            routing_=RoutingControl.READ,
            bookmark_manager_=None,
            result_transformer_=rows,
        )
        out.append(answer)
    await _respond(send, orjson.dumps(out, default=str))


class _Recording(AsyncDatabase):
    """The API's database, noting the statements a request runs (not the auth look-ups or audit writes)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ran: Statements = []

    async def run(self, text: str, params: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        if text not in NOT_THE_REQUEST and kwargs.get("routing", RoutingControl.READ) == RoutingControl.READ:
            self.ran.append((text, dict(params)))
        return await super().run(text, params, *args, **kwargs)


def record(settings: Settings, key: str, requests: list[dict[str, Any]]) -> list[Statements]:
    """The statements the API runs for each request, asked a second time (as a dashboard asks: plans, parsed
    documents and shared answers warm)."""
    db = _Recording.connect(settings.connection(), settings.db_bounds())
    assert isinstance(db, _Recording)
    ran: list[Statements] = []
    # no audit commit between the two asks: a dashboard's second ask is the shared answer's (one empty read)
    quiet = settings.model_copy(update={"permitgraph_audit_flush_seconds": 600.0})
    with TestClient(create_app(quiet, db=db)) as client:
        for payload in requests:
            headers = {"authorization": f"Bearer {key}"}
            client.post("/graphql", json=payload, headers=headers)
            db.ran.clear()
            answer = client.post("/graphql", json=payload, headers=headers).json()
            if "errors" in answer:
                raise RuntimeError(answer["errors"])
            ran.append(list(db.ran))
    return ran


def views(db: Database, samples: int) -> tuple[dict[str, list[dict[str, Any]]], dict[str, list[dict[str, Any]]]]:
    """Each view's sampled requests (GraphQL payloads): permitgraph's, and the same in the anchor's spelling."""
    rng = random.Random(7)
    outlets = sample_outlets(db, rng, samples)
    permits = db.driver.execute_query("MATCH (p:Permit) RETURN p.number AS n ORDER BY n", database_=db.database)
    violators = db.driver.execute_query(
        "MATCH (e:Enterprise) WHERE EXISTS { (e)<-[:COMMITTED_BY]-(:Violation) } RETURN e.uscc AS u ORDER BY u",
        database_=db.database,
    )
    numbers = rng.sample([r["n"] for r in permits.records], min(samples, len(permits.records)))
    usccs = rng.sample([r["u"] for r in violators.records], min(samples, len(violators.records)))
    ours: dict[str, list[dict[str, Any]]] = {
        "outlet trace": [{"query": TRACE, "variables": dict(zip("uc", k.split(":"), strict=True))} for k in outlets],
        "one-permit view": [{"query": PERMIT, "variables": {"n": n}} for n in numbers],
        "violation chain": [{"query": CHAIN, "variables": {"u": u}} for u in usccs],
        "violations by province": [{"query": DASH_PROVINCE}],
        "permits expiring by month": [{"query": DASH_EXPIRING}],
        "{ __typename }": [{"query": "{ __typename }"}],
    }
    expiring = {"g": "month", "f": "2025-01-01", "t": "2027-12-31"}
    theirs: dict[str, list[dict[str, Any]]] = {
        "outlet trace": [{"query": A_TRACE, "variables": {"k": k}} for k in outlets],
        "one-permit view": [{"query": A_PERMIT, "variables": {"n": n}} for n in numbers],
        "violation chain": [{"query": A_CHAIN, "variables": {"u": u}} for u in usccs],
        "violations by province": [{"query": A_DASH, "variables": {"g": "province"}}],
        "permits expiring by month": [{"query": A_DASH.replace("aggregate(", "expiring("), "variables": expiring}],
        "{ __typename }": [{"query": "{ __typename }"}],
    }
    return ours, theirs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=30, help="requests per view (outlets, permits, groups)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-anchor", action="store_true", help="leave out @neo4j/graphql (no node and npm here)")
    args = parser.parse_args()
    settings = Settings()
    db = Database.connect(settings.connection())
    asked, anchor_asked = views(db, args.samples)
    if not asked["outlet trace"] or not asked["violation chain"]:
        sys.exit("no outlets or violations in the graph: run `python -m bench.query_latency` or `permitgraph demo`")
    key = create_key(db, "bench view floors", "analyst", ["national"])
    flat = [payload for payloads in asked.values() for payload in payloads]
    statements = record(settings, key, flat)
    firsts, at = {}, 0
    for name, payloads in asked.items():
        firsts[name], at = len(statements[at]), at + len(payloads)
    print(f"Neo4j page cache: {page_cache(db)}; statements per request: {firsts}", flush=True)
    with tempfile.NamedTemporaryFile(suffix=".pickle", delete=False) as f:
        f.write(pickle.dumps(statements))
    os.environ["PERMITGRAPH_FLOOR_STATEMENTS"] = f.name
    servers = {"floor": serve("bench.api_floor:floor"), "bare": serve("bench.api_floor:bare")}
    servers["key"] = serve("api.app:create_app", "--factory")
    os.environ["PERMITGRAPH_ANONYMOUS_ROLE"] = "analyst"
    servers["anonymous"] = serve("api.app:create_app", "--factory")
    del os.environ["PERMITGRAPH_ANONYMOUS_ROLE"]
    anchor = None if args.no_anchor else start_anchor(db, settings)
    anchor_conn = None if anchor is None else http.client.HTTPConnection("127.0.0.1", anchor[1], timeout=60)
    try:
        cases: dict[str, dict[str, list[Callable[[], Any]]]] = {}
        i = 0
        for name, payloads in asked.items():
            cases[name] = {
                "key": [post(servers["key"][1], "/graphql", p, key) for p in payloads],
                "anonymous": [post(servers["anonymous"][1], "/graphql", p) for p in payloads],
                "floor": [post(servers["floor"][1], "/", {"i": i + j}) for j in range(len(payloads))],
            }
            if anchor_conn is not None:
                cases[name]["anchor"] = [post(anchor_conn, "/", p) for p in anchor_asked[name]]
            i += len(payloads)
        cases["bare HTTP"] = {"bare": [post(servers["bare"][1], "/", {})]}
        times: dict[tuple[str, str], list[float]] = {}
        for name, ways in cases.items():
            for way, runs in ways.items():
                for run in runs[:5] * 3:  # warm every path
                    run()
                times[name, way] = []
            reps = args.rounds if len(next(iter(ways.values()))) > 1 else args.rounds * 10
            for _ in range(reps):
                for j in range(len(next(iter(ways.values())))):
                    for way, runs in ways.items():
                        times[name, way].append(_timed(runs[j % len(runs)]))
    finally:
        for server, conn in servers.values():
            conn.close()
            server.terminate()
            server.wait()
        if anchor is not None and anchor_conn is not None:
            anchor_conn.close()
            anchor[0].terminate()
            anchor[0].wait()
            anchor[2].unlink()
        os.unlink(f.name)
    print(
        f"\n{'view':<26} {'key p50':>8} {'p95':>6} {'anon p50':>8} {'floor p50':>9} {'key÷floor':>9} {'key÷anon':>8}"
        f" {'anchor p50':>10} {'anchor÷key':>10}"
    )
    for name in asked:
        key_p50, key_p95 = _percentiles(times[name, "key"])
        anon = statistics.median(times[name, "anonymous"])
        low = statistics.median(times[name, "floor"])
        line = (
            f"{name:<26} {key_p50:>8.2f} {key_p95:>6.2f} {anon:>8.2f} {low:>9.2f} {key_p50 / low:>8.2f}× "
            f"{key_p50 / anon:>7.2f}×"
        )
        if (name, "anchor") in times:
            theirs = statistics.median(times[name, "anchor"])
            line += f" {theirs:>10.2f} {theirs / key_p50:>9.2f}×"
        print(line)
    p50, p95 = _percentiles(times["bare HTTP", "bare"])
    print(f"{'bare HTTP (fixed body)':<26} {p50:>8.2f} {p95:>6.2f}")
    print("targets: key ÷ floor ≤ 1.3× (the chain ≤ 1.5×), key ÷ anonymous ≤ 1.10×")
    asyncio.run(_close())
    db.close()


async def _close() -> None:
    if "driver" in _state:
        await _state["driver"].close()


if __name__ == "__main__":
    main()
