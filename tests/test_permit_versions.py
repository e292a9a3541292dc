"""Obligations follow the permit's history: a renewal kept as events on one permit record still owes the reports of
its earlier versions, a successor's annual report covers the year the replaced permit ran in, and an expired permit
and its valid successor never both raise the same EIA-amount finding (tests/data/versions)."""

from __future__ import annotations

import datetime as dt

import pytest

from graph import checks
from graph.db import Database
from loaders.load import load
from tests.conftest import DATA, wipe

AS_OF = dt.date(2025, 6, 1)
RENEWED = "91130207MA0A1B2C3B"  # one permit record, renewed 2025-03 (events hold its 2020–2025 version)
REPLACED = "91130207MA0A1B2D16"  # permit 001P expired 2024-04-30, replaced by 002P from 2024-05-01


@pytest.fixture(scope="module")
def findings(db: Database) -> list[dict[str, object]]:
    wipe(db)
    load(db, DATA / "versions")
    summary = checks.check(db, ["late_report", "eia_amount_exceeded"], as_of=AS_OF)
    assert summary.failed_rules == []
    rows = db.driver.execute_query(
        "MATCH (f:Finding {status: 'open'}) RETURN f.key AS key, f.message AS message ORDER BY key",
        database_=db.database,
    )
    return [r.data() for r in rows.records]


@pytest.mark.slow
def test_a_renewed_permit_owes_the_reports_of_its_earlier_version(findings: list[dict[str, object]]) -> None:
    late = [f for f in findings if str(f["key"]).startswith("late_report:")]
    assert late == [
        {
            "key": f"late_report:{RENEWED}001R:2024",
            "message": "annual report 2024 not filed (none on record), due 2025-01-15 (the record runs to 2025-01-15)",
        }
    ]  # and nothing for the replaced 001P's 2024: its successor 002P filed that year's annual report


@pytest.mark.slow
def test_only_the_permit_in_force_raises_the_eia_amount_finding(findings: list[dict[str, object]]) -> None:
    eia = [f for f in findings if str(f["key"]).startswith("eia_amount_exceeded:")]
    assert eia == [
        {
            "key": f"eia_amount_exceeded:{REPLACED}002P:唐环评〔2018〕31号:a21026",
            "message": "二氧化硫: permit allows 70.0 t/a, 唐环评〔2018〕31号 approved 50.0",
        }
    ]


@pytest.mark.slow
def test_reports_are_owed_only_as_far_as_the_record_goes(db: Database) -> None:
    """Checked long after its source ends (its last report due 2025-01-15), the record owes no 2025 report: only
    what falls inside it is judged, however late the check day."""
    wipe(db)
    load(db, DATA / "versions")
    checks.check(db, ["late_report"], as_of=dt.date(2026, 12, 7))
    rows = db.driver.execute_query(
        "MATCH (f:Finding {rule: 'late_report', status: 'open'}) RETURN f.key AS key ORDER BY key",
        database_=db.database,
    )
    assert [r["key"] for r in rows.records] == [f"late_report:{RENEWED}001R:2024"]
