"""One bad record never stops the check: every rule runs on graphs where each optional field or relation of an
enterprise is missing, and a rule that fails is reported with what it could not judge while the others run."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from graph import checks
from graph.db import Database
from loaders.load import load
from tests.conftest import DATA, wipe

U = "91130207123456788D"  # the hand-built key-class power plant: permit, limits, outlets, reports, monitoring
AS_OF = dt.date(2025, 3, 1)

# Each variant removes one optional thing from the enterprise U (or gives it a shape the sources do give).
VARIANTS: dict[str, list[str]] = {
    "no permit": ["MATCH (:Enterprise {uscc: $u})-[:HOLDS]->(p:Permit) DETACH DELETE p"],
    "revoked permit only": ["MATCH (:Enterprise {uscc: $u})-[:HOLDS]->(p:Permit) SET p.status = 'revoked'"],
    "simplified class, no permit": [
        "MATCH (e:Enterprise {uscc: $u}) SET e.management_class = 'simplified'",
        "MATCH (:Enterprise {uscc: $u})-[:HOLDS]->(p:Permit) DETACH DELETE p",
    ],
    "simplified class, revoked only": [
        "MATCH (e:Enterprise {uscc: $u}) SET e.management_class = 'simplified'",
        "MATCH (:Enterprise {uscc: $u})-[:HOLDS]->(p:Permit) SET p.status = 'revoked'",
    ],
    "permit without valid_to": ["MATCH (:Enterprise {uscc: $u})-[:HOLDS]->(p:Permit) REMOVE p.valid_to"],
    "permit without valid_from": ["MATCH (:Enterprise {uscc: $u})-[:HOLDS]->(p:Permit) REMOVE p.valid_from"],
    "permit without status": ["MATCH (:Enterprise {uscc: $u})-[:HOLDS]->(p:Permit) REMOVE p.status"],
    "no outlet": ["MATCH (:Enterprise {uscc: $u})-[:HAS_OUTLET]->(o:Outlet) DETACH DELETE o"],
    "no limits": ["MATCH (:Enterprise {uscc: $u})-[:HOLDS]->(:Permit)-[:SETS_LIMIT]->(l) DETACH DELETE l"],
    "limit without values": [
        "MATCH (:Enterprise {uscc: $u})-[:HOLDS]->(:Permit)-[:SETS_LIMIT]->(l) "
        "REMOVE l.concentration_max, l.annual_t, l.unit, l.basis"
    ],
    "no reports": ["MATCH (:Enterprise {uscc: $u})-[:HOLDS]->(:Permit)-[:FILED]->(r) DETACH DELETE r"],
    "report without dates": [
        "MATCH (:Enterprise {uscc: $u})-[:HOLDS]->(:Permit)-[:FILED]->(r) REMOVE r.due_on, r.submitted_on"
    ],
    "no monitoring anywhere": ["MATCH (m:MonitoringMonth) DETACH DELETE m"],
    "no region": [
        "MATCH (e:Enterprise {uscc: $u}) REMOVE e.region_code",
        "MATCH (:Enterprise {uscc: $u})-[r:LOCATED_IN]->() DELETE r",
    ],
    "no industry": [
        "MATCH (e:Enterprise {uscc: $u}) REMOVE e.industry_code",
        "MATCH (:Enterprise {uscc: $u})-[r:IN_INDUSTRY]->() DELETE r",
    ],
    "no management class": ["MATCH (e:Enterprise {uscc: $u}) REMOVE e.management_class"],
    "no name": ["MATCH (e:Enterprise {uscc: $u}) REMOVE e.name"],
}


def _usccs(db: Database) -> list[str]:
    rows = db.driver.execute_query("MATCH (e:Enterprise) RETURN e.uscc AS u ORDER BY u", database_=db.database)
    return [r["u"] for r in rows.records]


@pytest.mark.slow
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_every_rule_judges_a_graph_missing_one_thing(db: Database, variant: str) -> None:
    wipe(db)
    load(db, DATA / "small")
    for statement in VARIANTS[variant]:
        db.driver.execute_query(statement, u=U, database_=db.database)
    for rule in checks.rules():  # each rule on its own, so a failure names the rule
        params: dict[str, Any] = {"as_of": AS_OF}
        params |= {"region": None} if rule.scope == "region" else {"usccs": _usccs(db)}
        db.read(rule.query, **params)
    summary = checks.check(db, as_of=AS_OF)
    assert summary.failed_rules == []


@pytest.mark.slow
def test_a_failing_rule_is_reported_and_the_others_still_run(
    small_graph: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rule that fails on one enterprise judges the others, names the one, and leaves its findings alone."""
    checks.check(small_graph, as_of=AS_OF)
    before = _open_findings(small_graph)
    real_read = small_graph.read

    def read(name: str, /, **params: Any) -> list[dict[str, Any]]:
        if name == "check_concentration_exceedance" and U in params.get("usccs", []):
            raise RuntimeError("a record this rule cannot read")
        return real_read(name, **params)

    monkeypatch.setattr(small_graph, "read", read)
    summary = checks.check(small_graph, as_of=AS_OF)
    failed = {r.rule: (r.unjudged, r.unjudged_keys, r.error) for r in summary.failed_rules}
    assert failed == {
        "concentration_exceedance": (1, [U], "RuntimeError: a record this rule cannot read"),
    }
    assert {r.rule for r in summary.rules} == {r.id for r in checks.rules()}  # every rule ran
    assert _open_findings(small_graph) == before  # U's exceedance finding was not closed for want of judging


def _open_findings(db: Database) -> list[dict[str, Any]]:
    rows = db.driver.execute_query(
        "MATCH (f:Finding {status: 'open'}) RETURN f.key AS key, f.rule AS rule ORDER BY key", database_=db.database
    )
    return [r.data() for r in rows.records]
