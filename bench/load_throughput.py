"""Load throughput and memory: the full loader next to a plain baseline, on generated data, in the same run.

- full: `loaders.load.load` — validation (values, codes, references), normalisation, MERGE on natural keys,
  relationships, provenance, change tracking, derived exceedances.
- baseline: the same rows read with the csv module and written with plain `UNWIND $rows … CREATE`, one node per
  row (monitoring rows folded into the same month buckets), no validation, normalisation or relationships.
Each runs in its own child process against an emptied database, so its peak RSS is its own. Figures: rows/s,
graph elements (nodes + relationships written)/s, seconds, peak RSS; then the full/baseline ratio per size and how
each grows with the data.

Run: `python -m bench.load_throughput [--enterprises 200 2000] [--days 366]` (NEO4J_URI or the local server; the
database is wiped).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from api.settings import Settings
from graph import migrations
from graph.db import Database
from loaders.layout import LAYOUT
from loaders.load import load
from sample.generate import Params, generate

BATCH = 5000
# Fixed labels of the baseline's nodes, one per file (never built from input).
BASE_LABELS = {
    spec.name: "Base" + "".join(p.title() for p in spec.name.removesuffix(".csv").split("_")) for spec in LAYOUT
}
OUT = Path(__file__).parent / "out"


def _wipe(db: Database) -> None:
    """Empty the graph (schema kept): relationships first, so no batch deletes a supernode's thousands of links."""
    with db.driver.session(database=db.database) as s:
        s.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 50000 ROWS").consume()
        s.run("MATCH (n) WHERE NOT n:SchemaMigration CALL (n) { DELETE n } IN TRANSACTIONS OF 50000 ROWS").consume()


def _baseline(db: Database, folder: Path) -> dict[str, float]:
    rows = elements = 0
    for spec in LAYOUT:
        path = folder / spec.name
        label = BASE_LABELS[spec.name]
        if spec.name == "monitoring.csv":
            query = f"UNWIND $rows AS row CREATE (n:{label}) SET n = row"
            buckets: dict[str, dict[str, Any]] = {}
            with path.open(encoding="utf-8", newline="") as fh:
                for r in csv.DictReader(fh):
                    rows += 1
                    key = (
                        f"{r['enterprise_uscc']}:{r['outlet_code']}:{r['pollutant_code']}:{r['date'][:7]}:{r['method']}"
                    )
                    b = buckets.get(key)
                    if b is None:
                        if len(buckets) >= 1000:
                            elements += _create(db, query, list(buckets.values()))
                            buckets = {}
                        b = buckets[key] = {"key": key, "values": [math.nan] * 31}
                    b["values"][int(r["date"][8:10]) - 1] = float(r["value"])
            elements += _create(db, query, list(buckets.values()))
            continue
        query = f"UNWIND $rows AS row CREATE (n:{label}) SET n = row"
        batch: list[dict[str, str]] = []
        with path.open(encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                rows += 1
                batch.append({k: v for k, v in r.items() if v != ""})
                if len(batch) >= BATCH:
                    elements += _create(db, query, batch)
                    batch = []
        elements += _create(db, query, batch)
    return {"rows": rows, "elements": elements}


def page_cache(db: Database) -> str:
    """The server's page cache size, printed with every figure: large graphs' timings depend on it."""
    rows = db.driver.execute_query(
        "CALL dbms.listConfig() YIELD name, value WHERE name = 'server.memory.pagecache.size' RETURN value",
        database_=db.database,
    ).records
    return str(rows[0]["value"]) if rows else "unknown"


def _create(db: Database, query: str, rows: list[dict[str, Any]]) -> int:
    if not rows:
        return 0
    summary = db.driver.execute_query(query, rows=rows, database_=db.database).summary
    return summary.counters.nodes_created + summary.counters.relationships_created


def child(kind: str, folder: Path) -> None:
    """Run one loader against an emptied database; print its figures as JSON."""
    settings = Settings()
    db = Database.connect(settings.connection())
    _wipe(db)
    migrations.apply(db)
    t0 = time.perf_counter()
    figures: dict[str, float]
    if kind == "full":
        summary = load(db, folder)
        figures = {
            "rows": summary.total("rows_read"),
            "elements": summary.total("nodes_created") + summary.total("relationships_created"),
        }
    else:
        figures = _baseline(db, folder)
    figures["seconds"] = time.perf_counter() - t0
    figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    db.close()
    print(json.dumps(figures))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--enterprises", type=int, nargs="+", default=[200, 2000])
    parser.add_argument("--days", type=int, default=366)
    parser.add_argument("--child", nargs=2, metavar=("KIND", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return
    results: dict[int, dict[str, dict[str, float]]] = {}
    db = Database.connect(Settings().connection())
    print(f"Neo4j page cache: {page_cache(db)}", flush=True)
    db.close()
    for n in args.enterprises:
        folder = OUT / f"load-{n}-{args.days}"
        if not (folder / "manifest.json").exists():
            print(f"generating {n} enterprises × {args.days} days into {folder} …", flush=True)
            generate(Params(enterprises=n, seed=1, days=args.days), folder)
        size_mb = sum(p.stat().st_size for p in folder.iterdir()) / 2**20
        results[n] = {}
        for kind in ("baseline", "full"):
            print(f"  {kind:<8} @ {n} enterprises ({size_mb:,.0f} MB of files) …", flush=True)
            out = subprocess.run(
                [sys.executable, "-m", "bench.load_throughput", "--child", kind, str(folder)],
                capture_output=True,
                text=True,
            )
            if out.returncode != 0:  # say why, not just that it failed
                sys.exit(f"the {kind} child failed (exit {out.returncode}):\n{out.stderr[-4000:]}")
            results[n][kind] = json.loads(out.stdout.strip().splitlines()[-1])
    header = ("enterprises", "loader", "rows", "rows/s", "elements/s", "seconds", "peak RSS MB")
    print("\n" + " ".join(f"{h:>{w}}" for h, w in zip(header, (11, 9, 11, 9, 11, 8, 12), strict=True)))
    for n, by_kind in results.items():
        for kind, f in by_kind.items():
            print(
                f"{n:>11} {kind:>9} {f['rows']:>11,.0f} {f['rows'] / f['seconds']:>9,.0f} "
                f"{f['elements'] / f['seconds']:>11,.0f} {f['seconds']:>8.1f} {f['peak_rss_mb']:>12.0f}"
            )
    print("\nfull / baseline throughput (target ≥ 0.5):")
    for n, by_kind in results.items():
        full, base = by_kind["full"], by_kind["baseline"]
        print(f"  @{n}: rows/s ×{(full['rows'] / full['seconds']) / (base['rows'] / base['seconds']):.2f}")
    if len(results) > 1:
        ordered = list(results.items())
        (small, a), (large, b) = ordered[0], ordered[-1]
        print(f"growth from {small} to {large} enterprises (rows ×{b['full']['rows'] / a['full']['rows']:.1f}):")
        for kind in ("baseline", "full"):
            print(
                f"  {kind}: seconds ×{b[kind]['seconds'] / a[kind]['seconds']:.1f}, "
                f"peak RSS ×{b[kind]['peak_rss_mb'] / a[kind]['peak_rss_mb']:.2f}"
            )


if __name__ == "__main__":
    main()
