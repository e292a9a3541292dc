"""How well the compliance rules find what the generator injected: precision and recall of the open findings
against a manifest of injected problems (used by `tests/test_checks.py` and `python -m bench.rule_accuracy`).

Each injected problem kind is found by one rule; the finding's subject identifies the same thing the manifest
names (an exceedance day, a report, a transfer …). Rules that no kind injects must find nothing in generated data.
"""

from __future__ import annotations

from dataclasses import dataclass
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
