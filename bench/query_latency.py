"""Query latency: GraphQL over HTTP next to hand-written Cypher through the driver, on generated graphs.

For each size (default 1k, 10k and 50k enterprises, one month of monitoring so the large graph loads in minutes)
the graph is generated, loaded with the full loader, and the API is started with uvicorn in a child process.
Then, for the same sampled keys, in the same run:
- outlet trace: `outletTrace` over HTTP vs the `trace_outlet` statement through the driver;
- one-permit view: `permitView` vs `get_permit_view`;
- violation chain: `enterprise { violations(group: true) { … clause inspection penalties } }` vs one
  hand-written statement returning the same chain;
- two dashboards: violations by province, permits expiring by month — GraphQL vs the same aggregate statement;
- the floor: `{ __typename }` over HTTP vs `RETURN 1` through the driver — what any request costs before it does
  anything (HTTP, the app, strawberry; a round trip to Neo4j).
It prints p50/p95 (ms) and the GraphQL/Cypher ratio at p50, how the trace's p50 grows from the smallest to the
largest graph, and the operators of the trace and permit-view plans (an index seek, never a label scan).

GraphQL is asked as an analyst's API key, made by the bench.
Run: `python -m bench.query_latency [--enterprises 1000 10000 50000] [--samples 40] [--rounds 5]`
(NEO4J_URI or the local server; the database is wiped). Sizes run in the order given and a graph already in the
database is reused, so name the loaded size first. GraphQL is timed with the standard library's HTTP client on one
kept-alive connection (httpx costs ~0.7 ms of its own per request).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from api.auth import create_key
from api.settings import Settings
from bench.load_throughput import _wipe, page_cache
from graph import migrations
from graph.catalog import query
from graph.db import Database
from graph.stats import label_counts
from loaders.load import load
from sample.generate import Params, generate
from schema.access import ROLES
from tests.documents import CHAIN, DASH_EXPIRING, DASH_PROVINCE, PERMIT, TRACE

OUT = Path(__file__).parent / "out"
DAYS = 31

CHAIN_CYPHER = """
MATCH (s:Enterprise {uscc: $uscc})
OPTIONAL MATCH (s)-[:SUBSIDIARY_OF]->(parent:Enterprise)
WITH coalesce(parent, s) AS top
CALL (top) { RETURN top AS member UNION MATCH (top)<-[:SUBSIDIARY_OF]-(member:Enterprise) RETURN member }
MATCH (member)<-[:COMMITTED_BY]-(v:Violation)
OPTIONAL MATCH (v)-[:AT_OUTLET]->(o:Outlet)
OPTIONAL MATCH (v)-[:OF_POLLUTANT]->(pol:Pollutant)
OPTIONAL MATCH (i:Inspection)-[:FOUND]->(v)
OPTIONAL MATCH (v)-[:UNDER_PERMIT]->(p:Permit)
RETURN v {.*, enterprise: member.uscc, outlet: o.code, pollutant: pol.code, inspection: i {.id, .date},
  permit: p.number,
  clause: COLLECT { MATCH (p)-[:SETS_LIMIT]->(l:PermitLimit) WHERE l.pollutant_code = v.pollutant_code
    AND (l.outlet_key IS NULL OR l.outlet_key = o.key) RETURN l {.pollutant_code, .concentration_max} },
  penalties: COLLECT { MATCH (pe:Penalty)-[:PENALISES]->(v) RETURN pe {.decision_number, .amount_yuan} }}
ORDER BY v.date DESC, v.id
"""
AGG_PARAMS = {
    "rank_by": "count",
    "region": None,
    "industry": None,
    "class": None,
    "pollutant": None,
    "then_by": None,
    "first": 50,
}


def ensure_graph(db: Database, n: int) -> None:
    """The generated graph of n enterprises (one month of monitoring) in the database: reused when already loaded."""
    if label_counts(db)["Enterprise"] == n:
        print(f"reusing the loaded graph of {n:,} enterprises", flush=True)
        return
    folder = OUT / f"query-{n}-{DAYS}"
    if not (folder / "manifest.json").exists():
        print(f"generating {n:,} enterprises × {DAYS} days …", flush=True)
        generate(Params(enterprises=n, seed=1, days=DAYS), folder)
    print(f"loading {n:,} enterprises …", flush=True)
    _wipe(db)
    migrations.apply(db)
    t0 = time.perf_counter()
    load(db, folder)
    print(f"  loaded in {time.perf_counter() - t0:.0f} s", flush=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _timed(fn: Callable[[], Any]) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def _plan_operators(db: Database, text: str, params: dict[str, Any]) -> set[str]:
    plan = db.driver.execute_query("EXPLAIN " + text, params, database_=db.database).summary.plan
    ops: set[str] = set()

    def walk(p: Any) -> None:
        ops.add(str(p["operatorType"]).split("@")[0])
        for child in p.get("children", []):
            walk(child)

    walk(plan)
    return ops


def sample_outlets(db: Database, rng: random.Random, samples: int) -> list[str]:
    """Keys of up to `samples` main outlets of the loaded graph."""
    outlets = [
        r["key"]
        for r in db.read(
            "find_outlets",
            region=None,
            industry=None,
            kind="main",
            medium=None,
            code=None,
            pollutant=None,
            offset=0,
            first=5000,
        )[0]["nodes"]
    ]
    return rng.sample(outlets, min(samples, len(outlets)))


def serve(target: str, *extra: str) -> tuple[subprocess.Popen[bytes], http.client.HTTPConnection]:
    """An ASGI app under uvicorn in a child process, once it listens, and a kept-alive connection to it.

    Timed with the standard library's client: httpx spends ~0.7 ms of its own per request (floor 1.8 against
    1.1 ms, measured on this machine), which is the client's cost, not the API's latency."""
    port = _free_port()
    # the benches' own request rate is not what they measure: no role's rate limit applies (unless one is set)
    unthrottled = json.dumps({r: {"per_minute": 1e9, "burst": 10**9} for r in ROLES})
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", target, *extra, "--port", str(port), "--log-level", "warning"],
        env={"PERMITGRAPH_ROLE_LIMITS": unthrottled, **os.environ},
    )
    for _ in range(150):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
            break
        except OSError:
            time.sleep(0.2)
    return server, http.client.HTTPConnection("127.0.0.1", port, timeout=60)


def post(
    conn: http.client.HTTPConnection, path: str, payload: dict[str, Any], credential: str | None = None
) -> Callable[[], Any]:
    """A request to time: POST `payload` as JSON (with a bearer credential when given); its answer, or
    RuntimeError for an error status or errors."""
    body = json.dumps(payload).encode()
    headers = {"content-type": "application/json"}
    if credential is not None:
        headers["authorization"] = f"Bearer {credential}"

    def run() -> Any:
        conn.request("POST", path, body, headers)
        response = conn.getresponse()
        answer = json.loads(response.read())
        if response.status != 200 or (isinstance(answer, dict) and "errors" in answer):
            raise RuntimeError(answer)
        return answer

    return run


def measure(
    db: Database, conn: http.client.HTTPConnection, samples: int, rounds: int, seed: int, credential: str | None = None
) -> dict[str, dict[str, float]]:
    rng = random.Random(seed)
    outlets = sample_outlets(db, rng, samples)
    permits = [
        p["number"]
        for p in db.read(
            "find_permits",
            region=None,
            industry=None,
            **{"class": None},
            status=None,
            valid_on=None,
            expires_from=None,
            expires_to=None,
            issued_from=None,
            issued_to=None,
            sort="number",
            offset=0,
            first=5000,
        )[0]["nodes"]
    ]
    permits = rng.sample(permits, min(samples, len(permits)))
    violators = sorted(
        {
            v["enterprise_uscc"]
            for v in db.read(
                "find_violations",
                type=None,
                article=None,
                region=None,
                industry=None,
                date_from=None,
                date_to=None,
                offset=0,
                first=5000,
            )[0]["nodes"]
        }
    )
    violators = rng.sample(violators, min(samples, len(violators)))
    driver = db.driver

    def gql(q: str, **variables: Any) -> Callable[[], Any]:
        return post(conn, "/graphql", {"query": q, "variables": variables}, credential)

    def cypher(text: str, **params: Any) -> Callable[[], Any]:
        return lambda: driver.execute_query(text, params, database_=db.database, routing_="r").records

    cases: dict[str, list[tuple[Callable[[], Any], Callable[[], Any]]]] = {
        "outlet trace": [
            (gql(TRACE, u=k.split(":")[0], c=k.split(":")[1]), cypher(query("trace_outlet"), key=k, recent=20))
            for k in outlets
        ],
        "one-permit view": [(gql(PERMIT, n=n), cypher(query("get_permit_view"), number=n, recent=20)) for n in permits],
        "violation chain": [(gql(CHAIN, u=u), cypher(CHAIN_CYPHER, uscc=u)) for u in violators],
        "violations by province": [
            (
                gql(DASH_PROVINCE),
                cypher(query("aggregate_violations"), group_by="province", date_from=None, date_to=None, **AGG_PARAMS),
            )
        ],
        "permits expiring by month": [
            (
                gql(DASH_EXPIRING),
                cypher(
                    query("aggregate_permits_expiring"),
                    group_by="month",
                    date_from=_date("2025-01-01"),
                    date_to=_date("2027-12-31"),
                    **AGG_PARAMS,
                ),
            )
        ],
        "floor: __typename/RETURN 1": [(gql("{ __typename }"), cypher("RETURN 1 AS one"))],
    }
    results: dict[str, dict[str, float]] = {}
    for name, pairs in cases.items():
        for g, c in pairs[:3]:  # warm both paths (plans, caches, connections)
            g(), c(), g(), c()
        times: dict[str, list[float]] = {"graphql": [], "cypher": []}
        reps = rounds if len(pairs) > 1 else rounds * 10
        for _ in range(reps):
            for g, c in pairs:  # interleaved, so drift affects both alike
                times["graphql"].append(_timed(g))
                times["cypher"].append(_timed(c))
        gp50, gp95 = _percentiles(times["graphql"])
        cp50, cp95 = _percentiles(times["cypher"])
        results[name] = {"graphql_p50": gp50, "graphql_p95": gp95, "cypher_p50": cp50, "cypher_p95": cp95}
    return results


def _date(text: str) -> Any:
    import datetime as dt

    return dt.date.fromisoformat(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--enterprises", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--samples", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    settings = Settings()
    db = Database.connect(settings.connection())
    print(f"Neo4j page cache: {page_cache(db)}", flush=True)
    all_results: dict[int, dict[str, dict[str, float]]] = {}
    for n in args.enterprises:
        ensure_graph(db, n)
        # the caller that matters: an analyst's API key (the default anonymous caller is public, and the chain and
        # the dashboards are not public)
        key = create_key(db, f"bench query latency {n}", "analyst", ["national"])
        server, conn = serve("api.app:create_app", "--factory")
        try:
            all_results[n] = measure(db, conn, args.samples, args.rounds, seed=n, credential=key)
        finally:
            conn.close()
            server.terminate()
            server.wait()
        if n == max(args.enterprises):  # the plans on the largest graph
            sample = db.read("find_example_outlet")[0]["key"]
            number = sample.split(":")[0] + "001"
            permit = db.read("list_permits_of_enterprises", keys=[sample.split(":")[0]], offset=0, first=1)
            for label, text, params in (
                ("trace_outlet", query("trace_outlet"), {"key": sample, "recent": 20}),
                (
                    "get_permit_view",
                    query("get_permit_view"),
                    {"number": permit[0]["nodes"][0]["number"] if permit else number, "recent": 20},
                ),
            ):
                ops = _plan_operators(db, text, params)
                scans = sorted(o for o in ops if "LabelScan" in o or "AllNodesScan" in o)
                print(f"plan of {label}: {', '.join(sorted(ops))}")
                print(f"  label or all-node scans: {scans or 'none'}")
    print()
    print(
        f"{'query':<27} {'enterprises':>11} {'GraphQL p50':>11} {'p95':>7} "
        f"{'Cypher p50':>10} {'p95':>7} {'ratio p50':>9}"
    )
    for n, results in sorted(all_results.items()):
        for name, r in results.items():
            print(
                f"{name:<27} {n:>11,} {r['graphql_p50']:>11.1f} {r['graphql_p95']:>7.1f} {r['cypher_p50']:>10.1f} "
                f"{r['cypher_p95']:>7.1f} {r['graphql_p50'] / r['cypher_p50']:>8.2f}×"
            )
    if len(all_results) > 1:
        small, large = min(all_results), max(all_results)
        print(f"\ngrowth {small:,} → {large:,} enterprises (p50, target for the trace ≤ 1.3×):")
        for name in all_results[small]:
            g = all_results[large][name]["graphql_p50"] / all_results[small][name]["graphql_p50"]
            c = all_results[large][name]["cypher_p50"] / all_results[small][name]["cypher_p50"]
            print(f"  {name:<27} GraphQL ×{g:.2f}   Cypher ×{c:.2f}")
    OUT.mkdir(parents=True, exist_ok=True)
    print(json.dumps(all_results), file=open(OUT / "query_latency.json", "w"))  # noqa: SIM115
    db.close()


if __name__ == "__main__":
    main()
