"""Monitoring storage: monthly buckets (the model permitgraph uses) vs one node per value, in the same run.

For each size (outlet×pollutant series × days of daily values) both models are written into the same Neo4j under
their own labels (BenchOutlet, BenchMonth, BenchValue; removed afterwards) and measured on:
- load: values written per second;
- graph size: nodes, and records (nodes + relationships + properties: what the store holds);
- outlet check: one outlet's exceedances over the period (what an inspector asks), p50/p95 over random outlets;
- fleet check: exceedances per month over all outlets (what a dashboard asks), p50 of repeats;
- monthly means of one outlet (what a report asks), p50/p95.
Prints the figures, the ratios per-value / bucket, and how each grows from the small to the large size.

Run: `python -m bench.monitoring_model [--series 300 1200] [--days 365]` (uses NEO4J_URI or the local server).
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

from api.settings import Settings
from graph.db import Database

LIMIT = 100.0
OUTLET_POLLUTANTS = 3  # series per outlet


def _values(series: int, days: int, seed: int) -> list[list[float]]:
    rng = random.Random(seed)
    out = []
    for _ in range(series):
        out.append(
            [LIMIT * rng.uniform(1.05, 1.6) if rng.random() < 0.002 else rng.uniform(20, 90) for _ in range(days)]
        )
    return out


def _run(db: Database, cypher: str, **params: Any) -> list[dict[str, Any]]:
    return [r.data() for r in db.driver.execute_query(cypher, params, database_=db.database).records]


def _clean(db: Database) -> None:
    with db.driver.session(database=db.database) as s:
        for label in ("BenchValue", "BenchMonth", "BenchOutlet"):
            s.run(f"MATCH (n:{label}) CALL (n) {{ DETACH DELETE n }} IN TRANSACTIONS OF 20000 ROWS").consume()


def _schema(db: Database) -> None:
    for stmt in (
        "CREATE CONSTRAINT bench_outlet IF NOT EXISTS FOR (n:BenchOutlet) REQUIRE n.key IS UNIQUE",
        "CREATE INDEX bench_value_value IF NOT EXISTS FOR (n:BenchValue) ON (n.value)",
        "CREATE INDEX bench_month_max IF NOT EXISTS FOR (n:BenchMonth) ON (n.max)",
    ):
        _run(db, stmt)
    _run(db, "CALL db.awaitIndexes(300)")


def _load_outlets(db: Database, series: int) -> list[str]:
    keys = [f"O{n:06d}" for n in range(math.ceil(series / OUTLET_POLLUTANTS))]
    _run(db, "UNWIND $keys AS k MERGE (:BenchOutlet {key: k})", keys=keys)
    return keys


def _load_per_value(db: Database, data: list[list[float]], start: str) -> float:
    t0 = time.perf_counter()
    batch: list[dict[str, Any]] = []
    query = """UNWIND $rows AS r MATCH (o:BenchOutlet {key: r.o})
               CREATE (o)-[:MEASURED]->(:BenchValue {pollutant: r.p, date: date($start) + duration({days: r.d}),
                                                      value: r.v})"""
    for s, values in enumerate(data):
        for d, v in enumerate(values):
            batch.append({"o": f"O{s // OUTLET_POLLUTANTS:06d}", "p": f"p{s % OUTLET_POLLUTANTS}", "d": d, "v": v})
            if len(batch) >= 10_000:
                _run(db, query, rows=batch, start=start)
                batch = []
    if batch:
        _run(db, query, rows=batch, start=start)
    return time.perf_counter() - t0


def _load_buckets(db: Database, data: list[list[float]], start: str) -> float:
    """The same shape as merge_monitoring_months: 31 slots a month, NaN where no value."""
    t0 = time.perf_counter()
    first = time.strptime(start, "%Y-%m-%d")
    base = time.mktime(first)
    query = """UNWIND $rows AS r MATCH (o:BenchOutlet {key: r.o})
               WITH o, r, [v IN r.values WHERE NOT isNaN(v)] AS present
               CREATE (o)-[:HAS_SERIES]->(:BenchMonth {pollutant: r.p, month: date(r.month), values: r.values,
                 count: size(present), sum: reduce(s = 0.0, v IN present | s + v),
                 max: reduce(x = present[0], v IN present | CASE WHEN v > x THEN v ELSE x END),
                 min: reduce(x = present[0], v IN present | CASE WHEN v < x THEN v ELSE x END)})"""
    batch: list[dict[str, Any]] = []
    for s, values in enumerate(data):
        months: dict[str, list[float]] = {}
        for d, v in enumerate(values):
            day = time.localtime(base + d * 86400 + 3600)
            months.setdefault(f"{day.tm_year:04d}-{day.tm_mon:02d}-01", [math.nan] * 31)[day.tm_mday - 1] = v
        for month, slots in months.items():
            batch.append(
                {
                    "o": f"O{s // OUTLET_POLLUTANTS:06d}",
                    "p": f"p{s % OUTLET_POLLUTANTS}",
                    "month": month,
                    "values": slots,
                }
            )
            if len(batch) >= 1000:
                _run(db, query, rows=batch)
                batch = []
    if batch:
        _run(db, query, rows=batch)
    return time.perf_counter() - t0


OUTLET_CHECK = {
    "per-value": """MATCH (:BenchOutlet {key: $k})-[:MEASURED]->(v:BenchValue) WHERE v.value > $limit
                    RETURN v.pollutant AS p, v.date AS d, v.value AS v ORDER BY d""",
    "bucket": """MATCH (:BenchOutlet {key: $k})-[:HAS_SERIES]->(m:BenchMonth) WHERE m.max > $limit
                 UNWIND range(0, 30) AS i WITH m, i, m.values[i] AS v WHERE v > $limit
                 RETURN m.pollutant AS p, m.month + duration({days: i}) AS d, v ORDER BY d""",
}
FLEET_CHECK = {
    "per-value": """MATCH (v:BenchValue) WHERE v.value > $limit
                    RETURN v.date.month AS month, count(*) AS n ORDER BY month""",
    "bucket": """MATCH (m:BenchMonth) WHERE m.max > $limit
                 RETURN m.month.month AS month, sum(size([v IN m.values WHERE v > $limit])) AS n ORDER BY month""",
}
MONTHLY_MEANS = {
    "per-value": """MATCH (:BenchOutlet {key: $k})-[:MEASURED]->(v:BenchValue)
                    RETURN v.pollutant AS p, v.date.month AS month, avg(v.value) AS mean ORDER BY p, month""",
    "bucket": """MATCH (:BenchOutlet {key: $k})-[:HAS_SERIES]->(m:BenchMonth)
                 RETURN m.pollutant AS p, m.month.month AS month, m.sum / m.count AS mean ORDER BY p, month""",
}


def _timed(fn: Callable[..., Any], repeats: int) -> tuple[list[float], Any]:
    fn()  # warm the plan cache and page cache
    times, result = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return times, result


def _p(times: list[float], q: float) -> float:
    return statistics.quantiles(times, n=100)[int(q) - 1] if len(times) > 1 else times[0]


def measure(db: Database, series: int, days: int, start: str = "2024-01-01") -> dict[str, dict[str, float]]:
    _clean(db)
    data = _values(series, days, seed=series)
    outlets = _load_outlets(db, series)
    rng = random.Random(1)
    sample = [rng.choice(outlets) for _ in range(40)]
    figures: dict[str, dict[str, float]] = {}
    models: tuple[tuple[str, Callable[[Database, list[list[float]], str], float], str], ...] = (
        ("per-value", _load_per_value, "BenchValue"),
        ("bucket", _load_buckets, "BenchMonth"),
    )
    for model, loader, label in models:
        seconds = loader(db, data, start)
        nodes = _run(db, f"MATCH (n:{label}) RETURN count(n) AS n")[0]["n"]
        _run(db, OUTLET_CHECK[model], k=sample[0], limit=LIMIT)  # warm the plan cache
        single = []
        for k in sample:
            t0 = time.perf_counter()
            _run(db, OUTLET_CHECK[model], k=k, limit=LIMIT)
            single.append((time.perf_counter() - t0) * 1000)
        fleet, fleet_rows = _timed(lambda q=FLEET_CHECK[model]: _run(db, q, limit=LIMIT), 7)
        _run(db, MONTHLY_MEANS[model], k=sample[0])
        means = []
        for k in sample:
            t0 = time.perf_counter()
            _run(db, MONTHLY_MEANS[model], k=k)
            means.append((time.perf_counter() - t0) * 1000)
        figures[model] = {
            "values_per_s": series * days / seconds,
            "nodes": nodes,
            "outlet_p50_ms": statistics.median(single),
            "outlet_p95_ms": _p(single, 95),
            "fleet_p50_ms": statistics.median(fleet),
            "means_p50_ms": statistics.median(means),
            # what the store must hold: one record per node and relationship, one block per property
            "records": _run(
                db, f"MATCH (n:{label}) RETURN count(n) + sum(count {{ (n)<--() }}) + sum(size(keys(n))) AS r"
            )[0]["r"],
            "exceedances": sum(r["n"] for r in fleet_rows),
        }
    assert figures["per-value"]["exceedances"] == figures["bucket"]["exceedances"], "both models must agree"
    _clean(db)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--series", type=int, nargs=2, default=[300, 1200], help="small and large number of series")
    parser.add_argument("--days", type=int, default=365)
    args = parser.parse_args()
    settings = Settings()
    db = Database.connect(settings.connection())
    db.verify()
    _schema(db)
    results = {}
    try:
        for series in args.series:
            print(f"measuring {series} series × {args.days} days = {series * args.days:,} values …", flush=True)
            results[series] = measure(db, series, args.days)
    finally:
        _clean(db)
        db.close()
    small, large = args.series
    keys = [
        "values_per_s",
        "nodes",
        "records",
        "outlet_p50_ms",
        "outlet_p95_ms",
        "fleet_p50_ms",
        "means_p50_ms",
        "exceedances",
    ]
    print(
        f"\n{'figure':<16}" + "".join(f"{m + ' @' + str(s):>20}" for s in args.series for m in ("per-value", "bucket"))
    )
    for k in keys:
        row = "".join(f"{results[s][m][k]:>20,.2f}" for s in args.series for m in ("per-value", "bucket"))
        print(f"{k:<16}{row}")
    print("\nratio per-value / bucket (>1: buckets win; for values_per_s <1 means buckets load faster)")
    for s in args.series:
        print(
            f"  @{s}: "
            + ", ".join(f"{k} {results[s]['per-value'][k] / results[s]['bucket'][k]:.2f}" for k in keys[:-1])
        )
    growth = large / small
    print(f"\ngrowth from {small} to {large} series (data ×{growth:.1f}):")
    for m in ("per-value", "bucket"):
        print(
            f"  {m}: "
            + ", ".join(
                f"{k} ×{results[large][m][k] / results[small][m][k]:.2f}"
                for k in ("outlet_p50_ms", "fleet_p50_ms", "means_p50_ms")
            )
        )


if __name__ == "__main__":
    main()
