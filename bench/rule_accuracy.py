"""Precision and recall of the compliance rules against a generator manifest of injected problems.

Each injected problem kind is found by one rule; the finding's subject identifies the same thing the manifest
names (an exceedance day, a report, a transfer …). Rules that no kind injects must find nothing in generated data.
Run: `python -m bench.rule_accuracy [--enterprises 300] [--days 366]` (NEO4J_URI or the local server; wiped).
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.checks import rules
from graph.db import Database

# manifest kind → (rule, the manifest entry's identity in the rule's subject terms)
KINDS: dict[str, tuple[str, Any]] = {
    "concentration_exceedance": (
        "concentration_exceedance",
        lambda p: f"{p['enterprise_uscc']}:{p['outlet_code']}:{p['pollutant_code']}:{p['date']}",
    ),
    "amount_exceedance": (
        "annual_amount_exceedance",
        lambda p: f"{p['permit_number']}:{p['period']}:{p['pollutant_code']}",
    ),
    "expired_permit_discharging": ("discharge_without_permit", lambda p: p["enterprise_uscc"]),
    "overdue_report": ("late_report", lambda p: f"{p['permit_number']}:{p['period']}"),
    "eia_amount_exceeded": (
        "eia_amount_exceeded",
        lambda p: f"{p['permit_number']}:{p['doc_number']}:{p['pollutant_code']}",
    ),
    "outlet_without_limit": ("outlet_without_limit", lambda p: f"{p['enterprise_uscc']}:{p['outlet_code']}"),
    "hazardous_waste_unlicensed": ("waste_to_unlicensed", lambda p: p["manifest_no"]),
    "bad_check_digit": ("data_quality", lambda p: f"uscc:{p['enterprise_uscc']}"),
    "untreated_outlet": ("outlet_without_treatment", lambda p: f"{p['enterprise_uscc']}:{p['outlet_code']}"),
    "quota_exceeded": ("enterprise_quota_exceeded", lambda p: f"{p['quota_id']}:{p['basis']}"),
    "regional_quota_exceeded": ("regional_quota_exceeded", lambda p: f"{p['quota_id']}:{p['basis']}"),
}


def finding_identity(rule: str, key: str, period: str | None) -> str:
    """A stored finding in the manifest's terms."""
    subject = key.removeprefix(rule + ":")
    if rule == "concentration_exceedance":  # <uscc>:<outlet>:<pollutant>:<yyyy-mm>:<method>:<day> → … :<date>
        uscc, outlet, pollutant = subject.split(":")[:3]
        return f"{uscc}:{outlet}:{pollutant}:{period}"
    if rule == "data_quality" and subject.startswith("permit-number:"):
        # a permit number embeds its holder's USCC: a bad USCC makes both identifiers fail — one problem
        return "uscc:" + subject.removeprefix("permit-number:")[:18]
    return subject


@dataclass
class Score:
    rule: str
    expected: int
    found: int
    true_positives: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.expected if self.expected else 1.0


def score(db: Database, manifest: dict[str, Any]) -> list[Score]:
    found: dict[str, set[str]] = {r.id: set() for r in rules()}
    for row in db.read("list_open_findings"):
        found[row["rule"]].add(finding_identity(row["rule"], row["key"], row["period"]))
    expected: dict[str, set[str]] = {r.id: set() for r in rules()}
    for kind, problems in manifest["problems"].items():
        rule, identity = KINDS[kind]
        expected[rule] |= {identity(p) for p in problems}
    return [
        Score(rule, len(expected[rule]), len(found[rule]), len(found[rule] & expected[rule])) for rule in sorted(found)
    ]


def main() -> None:
    from api.settings import Settings
    from bench.load_throughput import _wipe
    from graph import checks, migrations
    from loaders.generate import Params, generate
    from loaders.load import load

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
