"""The compliance rules on a generated graph: every injected problem found, nothing found in the clean part;
re-runs are idempotent, fixed problems are closed with their history."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from graph import checks
from graph.db import Database
from loaders.load import load
from sample.accuracy import score
from sample.generate import Params, generate
from tests.conftest import wipe

# beyond the inner loop (`pytest -m "not slow"`): the whole suite runs it
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def generated(db: Database, tmp_path_factory: pytest.TempPathFactory) -> tuple[Database, dict[str, Any]]:
    wipe(db)
    folder: Path = tmp_path_factory.mktemp("rules")
    generate(Params(enterprises=120, seed=11, days=366, problem_rate=0.15), folder)
    load(db, folder)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return db, manifest


def _as_of(manifest: dict[str, Any]) -> dt.date:
    return dt.date.fromisoformat(manifest["params"]["as_of"])


@pytest.mark.slow
def test_every_rule_has_precision_and_recall_one(generated: tuple[Database, dict[str, Any]]) -> None:
    db, manifest = generated
    checks.check(db, as_of=_as_of(manifest))
    scores = {s.rule: (s.expected, s.found, s.true_positives) for s in score(db, manifest)}
    injected = {kind: len(v) for kind, v in manifest["problems"].items()}
    assert all(n > 0 for n in injected.values()), injected  # every kind is exercised
    imperfect = {rule: v for rule, v in scores.items() if not v[0] == v[1] == v[2]}
    assert imperfect == {}  # (expected, found, true positives) per rule


def test_rerun_is_idempotent_and_fixed_problems_are_closed(generated: tuple[Database, dict[str, Any]]) -> None:
    db, manifest = generated
    as_of = _as_of(manifest)
    checks.check(db, as_of=as_of)
    before = _findings(db)
    again = checks.check(db, as_of=as_of)
    assert _findings(db) == before
    assert sum(r.opened + r.reopened + r.closed for r in again.rules) == 0
    # fix one late report by filing it on time: its finding is closed, with the date, on the next run
    late = next(k for k, v in before.items() if v[0] == "late_report")
    report_key = late.removeprefix("late_report:")
    db.driver.execute_query(
        "MATCH (r:ExecutionReport {key: $k}) SET r.submitted_on = r.due_on", k=report_key, database_=db.database
    )
    later = as_of + dt.timedelta(days=1)
    run = checks.check(db, ["late_report"], as_of=later)
    assert {r.rule: r.closed for r in run.rules} == {"late_report": 1}
    history = db.read("list_events_of_findings", keys=[late], offset=0, first=10)[0]["nodes"]
    assert [e["kind"] for e in history] == ["opened", "closed"]
    status = _findings(db)[late]
    assert status[1:] == ("closed", later)


def _findings(db: Database) -> dict[str, tuple[str, str, dt.date | None]]:
    rows = db.driver.execute_query(
        "MATCH (f:Finding) RETURN f.key AS key, f.rule AS rule, f.status AS status, f.closed_on AS closed",
        database_=db.database,
    ).records
    return {r["key"]: (r["rule"], r["status"], r["closed"].to_native() if r["closed"] else None) for r in rows}


# --- hand-built edge cases (tests/data/edge) ---------------------------------------------------------------------
A, B, C = "91130207123456788D", "913101177654321208", "91310117556677885B"


@pytest.fixture
def edge(empty_db: Database) -> Database:
    load(empty_db, Path(__file__).parent / "data" / "edge")
    checks.check(empty_db, as_of=dt.date(2024, 6, 1))
    return empty_db


def test_edge_cases_give_exactly_the_expected_findings(edge: Database) -> None:
    rows = edge.driver.execute_query(
        "MATCH (f:Finding) RETURN f.rule AS rule, f.key AS key, f.period AS period, f.measured AS measured, "
        "f.permitted AS permitted, f.unit AS unit ORDER BY key",
        database_=edge.database,
    ).records
    assert [dict(r) for r in rows] == [
        # C filed no annual report for 2023: its amount is estimated from monitoring — mean 65 mg/L of three
        # samples against the permitted 50 mg/L, times the outlet's permitted 10 t/a — while A's estimate (mean
        # 27.5 of 35 mg/m3) stays under its 120 t/a
        {
            "rule": "annual_amount_exceedance",
            "key": f"annual_amount_exceedance:{C}001P:2023:w01018",
            "period": "2023",
            "measured": 13.0,
            "permitted": 10.0,
            "unit": "t",
        },
        # 40 000 μg/m3 is 40 mg/m3 (converted on load) against 35 mg/m3; 30 000 μg/m3 = 30 is within the limit
        {
            "rule": "concentration_exceedance",
            "key": f"concentration_exceedance:{A}:DA001:a21026:2023-08:auto:daily:mg/m3:1/{A}001P:DA001:a21026:daily",
            "period": "2023-08-01",
            "measured": 40.0,
            "permitted": 35.0,
            "unit": "mg/m3",
        },
        # manual samples count like automatic ones
        {
            "rule": "concentration_exceedance",
            "key": f"concentration_exceedance:{C}:DW001:w01018:2023-05:manual:daily:mg/L:15/{C}001P:DW001:w01018:daily",
            "period": "2023-05-15",
            "measured": 60.0,
            "permitted": 50.0,
            "unit": "mg/L",
        },
        {
            "rule": "concentration_exceedance",
            "key": f"concentration_exceedance:{C}:DW001:w01018:2023-06:manual:daily:mg/L:15/{C}001P:DW001:w01018:daily",
            "period": "2023-06-15",
            "measured": 70.0,
            "permitted": 50.0,
            "unit": "mg/L",
        },
        {
            "rule": "concentration_exceedance",
            "key": f"concentration_exceedance:{C}:DW001:w01018:2023-11:manual:daily:mg/L:15/{C}001P:DW001:w01018:daily",
            "period": "2023-11-15",
            "measured": 65.0,
            "permitted": 50.0,
            "unit": "mg/L",
        },
        # pH 5.5 is below its range 6–9; pH 9 and pH 6 are on its bounds, inside
        {
            "rule": "concentration_exceedance",
            "key": f"concentration_exceedance:{B}:DW001:w01001:2024-02:auto:daily:无量纲:10/{B}001V:DW001:w01001:daily",
            "period": "2024-02-10",
            "measured": 5.5,
            "permitted": 6.0,
            "unit": "无量纲",
        },
        # monitored on 2023-07-15, in the gap between the first version (to 2023-06-30, the last day of validity:
        # monitored, not a finding) and the renewal (from 2023-08-01)
        {
            "rule": "discharge_without_permit",
            "key": f"discharge_without_permit:{A}",
            "period": "2023-07-15/2023-07-15",
            "measured": 1.0,
            "permitted": 0.0,
            "unit": "days",
        },
        # one EIA approval shared by two facilities: one finding, not two
        {
            "rule": "eia_amount_exceeded",
            "key": f"eia_amount_exceeded:{A}001P:冀环审〔2016〕88号:a21026",
            "period": None,
            "measured": 120.0,
            "permitted": 100.0,
            "unit": "t/a",
        },
        # the 2024 quota of 150 t less 40 t sold that year leaves 110 t under a permit allowing 120 t; the 2023
        # quota (100 t plus 30 t bought) and the 2025 one (exactly 120 t) cover it; the seller's own 2023 quota
        # (50 t less 30 t sold) backs no permitted amount
        {
            "rule": "enterprise_quota_exceeded",
            "key": "enterprise_quota_exceeded:TS2024-Q001:permitted",
            "period": "2024",
            "measured": 120.0,
            "permitted": 110.0,
            "unit": "t",
        },
        # no holder has an annual report for 2023 on record (due 2024-01-15, 138 days before the check): each
        # is missing, although the source has no row for it
        *(
            {
                "rule": "late_report",
                "key": f"late_report:{number}:2023",
                "period": "2023",
                "measured": 138.0,
                "permitted": 0.0,
                "unit": "days late",
            }
            for number in sorted([f"{A}001P", f"{C}001P", f"{B}001V"])
        ),
        # A's automatic series at DA001 stopped after August 2023 while its permit runs and the record goes on (to
        # April 2024): the months since are missing
        {
            "rule": "monitoring_gap",
            "key": f"monitoring_gap:{A}:DA001",
            "period": "2023-09-01/2024-04-01",
            "measured": 8.0,
            "permitted": 0.0,
            "unit": "months missing",
        },
        # C (simplified class) sampled its main outlet in the second and fourth quarters of 2023: the third has
        # nothing, nor has the first of 2024, which the record covers whole
        {
            "rule": "monitoring_gap",
            "key": f"monitoring_gap:{C}:DW001",
            "period": "2023-07-01/2024-01-01",
            "measured": 2.0,
            "permitted": 0.0,
            "unit": "quarters missing",
        },
        # a key-class main outlet with no automatic monitoring at all …
        {
            "rule": "monitoring_gap",
            "key": f"monitoring_gap:{B}:DA001",
            "period": None,
            "measured": 0.0,
            "permitted": 0.0,
            "unit": "months missing",
        },
        # … and one whose automatic series (February, April) misses March
        {
            "rule": "monitoring_gap",
            "key": f"monitoring_gap:{B}:DW001",
            "period": "2024-03-01/2024-03-01",
            "measured": 1.0,
            "permitted": 0.0,
            "unit": "months missing",
        },
        {
            "rule": "outlet_without_limit",
            "key": f"outlet_without_limit:{B}:DA001",
            "period": None,
            "measured": 0.0,
            "permitted": None,
            "unit": None,
        },
        # B's wastewater outlet has limits but nothing on record treats what it discharges (A's goes through TA001)
        {
            "rule": "outlet_without_treatment",
            "key": f"outlet_without_treatment:{B}:DW001",
            "period": None,
            "measured": 0.0,
            "permitted": None,
            "unit": "untreated sources",
        },
        # the prefecture's quota (130200: 100 t) is below its one permit's 120 t; its county's (130207: 200 t) is not
        {
            "rule": "regional_quota_exceeded",
            "key": "regional_quota_exceeded:HB2024-R1302-SO2:permitted",
            "period": "2024",
            "measured": 120.0,
            "permitted": 100.0,
            "unit": "t",
        },
    ]


def test_a_findings_evidence_links_the_chain(edge: Database) -> None:
    key = f"eia_amount_exceeded:{A}001P:冀环审〔2016〕88号:a21026"
    from schema.graphs import KEY_PROPS

    row = edge.read("list_evidence_of_findings", keys=[key], keyprops=KEY_PROPS)[0]
    labels = sorted((n["label"], n["node"][KEY_PROPS[n["label"]]]) for n in row["nodes"])
    assert labels == [
        ("EIAApproval", "冀环审〔2016〕88号"),
        ("Enterprise", A),
        ("Permit", f"{A}001P"),
        ("PermitLimit", f"{A}001P:*:a21026:daily"),
        ("Pollutant", "a21026"),
    ]
    assert sorted(e["type"] for e in row["edges"]) == [
        "APPROVES_AMOUNT",
        "HOLDS",
        "INCORPORATES",
        "OBTAINED",
        "OF_POLLUTANT",
        "SETS_LIMIT",
    ]


def test_a_regional_findings_evidence_joins_quota_region_and_permits(edge: Database) -> None:
    from schema.graphs import KEY_PROPS

    row = edge.read(
        "list_evidence_of_findings", keys=["regional_quota_exceeded:HB2024-R1302-SO2:permitted"], keyprops=KEY_PROPS
    )[0]
    labels = sorted((n["label"], n["node"][KEY_PROPS[n["label"]]]) for n in row["nodes"])
    assert labels == [
        ("Enterprise", A),
        ("Permit", f"{A}001P"),
        ("Pollutant", "a21026"),
        ("Quota", "HB2024-R1302-SO2"),
        ("Region", "130200"),
        ("Region", "130207"),
    ]
    assert sorted(e["type"] for e in row["edges"]) == ["CAPS", "HOLDS", "LOCATED_IN", "OF_POLLUTANT", "PART_OF"]
    # it concerns the region, not an enterprise
    concerned = edge.driver.execute_query(
        "MATCH (:Finding {key: $k})-[:CONCERNS]->(s) RETURN labels(s)[0] AS label, s.code AS code",
        k="regional_quota_exceeded:HB2024-R1302-SO2:permitted",
        database_=edge.database,
    ).records
    assert [dict(r) for r in concerned] == [{"label": "Region", "code": "130200"}]


def test_region_rules_close_within_the_region_checked_and_skip_single_enterprises(edge: Database) -> None:
    key = "regional_quota_exceeded:HB2024-R1302-SO2:permitted"
    # raising the prefecture's quota above its permits closes the finding on the next run over Hebei …
    edge.driver.execute_query(
        "MATCH (q:Quota {id: 'HB2024-R1302-SO2'}) SET q.amount_t = 130.0", database_=edge.database
    )
    # … but a run over single enterprises does not judge regions, and a run over Shanghai does not touch it
    single = checks.check(edge, usccs=[A], as_of=dt.date(2024, 6, 2))
    assert "regional_quota_exceeded" not in {r.rule for r in single.rules}
    shanghai = checks.check(edge, ["regional_quota_exceeded"], region="31", as_of=dt.date(2024, 6, 2))
    assert [(r.rule, r.found, r.closed) for r in shanghai.rules] == [("regional_quota_exceeded", 0, 0)]
    assert _findings(edge)[key] == ("regional_quota_exceeded", "open", None)
    hebei = checks.check(edge, ["regional_quota_exceeded"], region="13", as_of=dt.date(2024, 6, 3))
    assert [(r.rule, r.found, r.closed) for r in hebei.rules] == [("regional_quota_exceeded", 0, 1)]
    assert _findings(edge)[key] == ("regional_quota_exceeded", "closed", dt.date(2024, 6, 3))
