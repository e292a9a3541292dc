"""The compliance rules on a generated graph: every injected problem found, nothing found in the clean part;
re-runs are idempotent, fixed problems are closed with their history."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from bench.rule_accuracy import score
from graph import checks
from graph.db import Database
from loaders.generate import Params, generate
from loaders.load import load
from tests.conftest import wipe


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
A, B = "91130207123456788D", "913101177654321208"


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
        # 40 000 μg/m3 is 40 mg/m3 (converted on load) against 35 mg/m3; 30 000 μg/m3 = 30 is within the limit
        {
            "rule": "concentration_exceedance",
            "key": f"concentration_exceedance:{A}:DA001:a21026:2023-08:auto:1",
            "period": "2023-08-01",
            "measured": 40.0,
            "permitted": 35.0,
            "unit": "mg/m3",
        },
        # pH 5.5 is below its range 6–9; pH 9 and pH 6 are on its bounds, inside
        {
            "rule": "concentration_exceedance",
            "key": f"concentration_exceedance:{B}:DW001:w01001:2024-02:auto:10",
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
    ]


def test_a_findings_evidence_links_the_chain(edge: Database) -> None:
    key = f"eia_amount_exceeded:{A}001P:冀环审〔2016〕88号:a21026"
    from schema.graphs import KEY_PROPS

    row = edge.read("get_finding_evidence", key=key, keyprops=KEY_PROPS)[0]
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
