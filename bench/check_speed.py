"""Compliance check speed: a full check per graph size (time per rule, total) and one enterprise's re-check,
next to reading the same evidence with plain look-ups, in the same run.

Uses the query benchmark's graphs (one month of monitoring; generated if missing). A graph already holding the
wanted number of enterprises is reused, so `python -m bench.query_latency` followed by this one loads 50k once.
Run: `python -m bench.check_speed [--enterprises 50000 10000] [--samples 50]` (NEO4J_URI or the local server).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time
from typing import Any

from api.settings import Settings
from bench.load_throughput import page_cache
from bench.query_latency import ensure_graph
from graph import checks
from graph.db import Database

EVIDENCE = "MATCH (n) WHERE elementId(n) IN $ids RETURN n"
AS_OF = dt.date(2025, 3, 1)


def _p(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def measure(db: Database, n: int, samples: int) -> dict[str, Any]:
    db.driver.execute_query("MATCH (f:Finding) DETACH DELETE f", database_=db.database)
    db.driver.execute_query("MATCH (e:FindingEvent) DELETE e", database_=db.database)
    summary = checks.check(db, as_of=AS_OF)
    per_rule = {r.rule: (r.seconds, r.found) for r in summary.rules}
    rng = random.Random(n)
    flagged = sorted({r["uscc"] for r in db.read("list_open_findings") if r["uscc"]})  # regional ones have none
    sample = rng.sample(flagged, min(samples, len(flagged)))
    recheck: list[float] = []
    lookup: list[float] = []
    for uscc in sample * 3:
        t0 = time.perf_counter()
        checks.check(db, usccs=[uscc], as_of=AS_OF)
        recheck.append((time.perf_counter() - t0) * 1000)
        ids = [
            i
            for r in checks.rules()
            if r.scope == "enterprise"  # what a single enterprise's re-check runs
            for row in db.read(r.query, usccs=[uscc], as_of=AS_OF)
            for i in row["evidence"]
        ]
        t0 = time.perf_counter()
        db.driver.execute_query(EVIDENCE, ids=ids, database_=db.database, routing_="r")
        lookup.append((time.perf_counter() - t0) * 1000)
    return {
        "total_s": summary.seconds,
        "per_rule": per_rule,
        "recheck_p50": statistics.median(recheck),
        "recheck_p95": _p(recheck, 0.95),
        "lookup_p50": statistics.median(lookup),
        "lookup_p95": _p(lookup, 0.95),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--enterprises", type=int, nargs="+", default=[50000, 10000])
    parser.add_argument("--samples", type=int, default=50)
    args = parser.parse_args()
    db = Database.connect(Settings().connection())
    print(f"Neo4j page cache: {page_cache(db)}", flush=True)
    results: dict[int, dict[str, Any]] = {}
    for n in args.enterprises:
        ensure_graph(db, n)
        results[n] = measure(db, n, args.samples)
        r = results[n]
        print(f"\n{n:,} enterprises: full check {r['total_s']:.1f} s")
        for rule, (seconds, found) in sorted(r["per_rule"].items()):
            print(f"  {rule:<28} {seconds:>7.1f} s  {found:>7,} found")
        print(
            f"  one enterprise re-checked: p50 {r['recheck_p50']:.1f} ms, p95 {r['recheck_p95']:.1f} ms "
            f"(target p95 < 100 ms); its evidence read by id: p50 {r['lookup_p50']:.1f} ms, "
            f"p95 {r['lookup_p95']:.1f} ms → ×{r['recheck_p50'] / r['lookup_p50']:.1f} at p50"
        )
    sizes = sorted(results)
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        ratio = results[large]["total_s"] / results[small]["total_s"]
        print(
            f"\nfull check {small:,} → {large:,} enterprises (×{large / small:.0f}): time ×{ratio:.2f} "
            f"(target ≤ 5×); re-check p95 ×{results[large]['recheck_p95'] / results[small]['recheck_p95']:.2f}"
        )
    db.close()


if __name__ == "__main__":
    main()
