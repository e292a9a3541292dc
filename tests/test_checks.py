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
    assert all(found == expected == tp for expected, found, tp in scores.values()), scores


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
