"""Precision and recall of the compliance rules against a generator manifest of injected problems.

Each injected problem kind is found by one rule; the finding's subject identifies the same thing the manifest
names (an exceedance day, a report, a transfer …). Rules that no kind injects must find nothing in generated data.
Run: `python -m bench.rule_accuracy [--enterprises 300] [--days 366]` (NEO4J_URI or the local server; wiped).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from graph.db import Database
from sample.accuracy import score


def main() -> None:
    from api.settings import Settings
    from bench.load_throughput import _wipe
    from graph import checks, migrations
    from loaders.load import load
    from sample.generate import Params, generate

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--enterprises", type=int, default=300)
    parser.add_argument("--days", type=int, default=366)
    args = parser.parse_args()
    folder = Path(__file__).parent / "out" / f"rules-{args.enterprises}-{args.days}"
    if not (folder / "manifest.json").exists():
        generate(Params(enterprises=args.enterprises, seed=7, days=args.days), folder)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    db = Database.connect(Settings().connection())
    _wipe(db)
    migrations.apply(db)
    load(db, folder)
    t0 = time.perf_counter()
    checks.check(db, as_of=__import__("datetime").date.fromisoformat(manifest["params"]["as_of"]))
    print(f"check: {time.perf_counter() - t0:.1f} s")
    print(f"{'rule':<28} {'expected':>8} {'found':>6} {'precision':>9} {'recall':>6}")
    for s in score(db, manifest):
        print(f"{s.rule:<28} {s.expected:>8} {s.found:>6} {s.precision:>9.3f} {s.recall:>6.3f}")
    db.close()


if __name__ == "__main__":
    main()
