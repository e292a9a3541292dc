"""Self-monitoring expected from the permit's frequencies 监测频次 (tests/data/frequencies): every period a limit
was in force and the record covers must hold a value — 1次/季 each quarter, 1次/月 each month, 自动监测 an
automatic value each month — and each missing one is found, though the series has no row for it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from graph import checks
from graph.db import Database
from loaders.load import load
from tests.conftest import q

# beyond the inner loop (`pytest -m "not slow"`): the whole suite runs it
pytestmark = pytest.mark.slow

DATA = Path(__file__).parent / "data" / "frequencies"
B = "913101177654321208"
AS_OF = dt.date(2024, 12, 1)


def test_each_period_a_frequency_asks_for_and_the_record_lacks_is_found(empty_db: Database) -> None:
    load(empty_db, DATA)
    frequencies = q(
        empty_db,
        "MATCH (l:PermitLimit) RETURN l.pollutant_code AS p, l.basis AS b, l.frequency AS f ORDER BY p, b",
    )
    assert [(r["p"], r["b"], r["f"]) for r in frequencies] == [
        ("a21026", "daily", "P3M"),
        ("a21026", "hourly", "continuous"),
        ("w01001", "daily", "P6M"),
        ("w01018", "daily", "P3M"),
        ("w21003", "daily", "P1M"),
    ]
    checks.check(empty_db, ["monitoring_gap"], as_of=AS_OF)
    gaps = q(
        empty_db,
        "MATCH (f:Finding {rule: 'monitoring_gap'}) "
        "RETURN f.key AS k, f.period AS p, f.measured AS n, f.message AS m ORDER BY k",
    )
    assert gaps == [
        # SO2: the hourly limit asks for automatic monitoring (the finest of its two limits' frequencies); August
        # has only a manual value
        {
            "k": f"monitoring_gap:{B}:DA001:a21026",
            "p": "2024-08/2024-08",
            "n": 1.0,
            "m": "outlet DA001, a21026 (monitoring required continuous): no value in 2024-08",
        },
        # COD quarterly: Q1 and Q3 have a value, Q2 none; Q4 is not over on the check day; 2023, before the record
        # begins (January 2024), is not judged
        {
            "k": f"monitoring_gap:{B}:DW001:w01018",
            "p": "2024Q2/2024Q2",
            "n": 1.0,
            "m": "outlet DW001, w01018 (monitoring required P3M): no value in 2024Q2",
        },
        # ammonia monthly: no row for March and June. pH, half-yearly from 2024-07-01: its first half-year is not
        # over, so nothing is owed yet
        {
            "k": f"monitoring_gap:{B}:DW001:w21003",
            "p": "2024-03/2024-06",
            "n": 2.0,
            "m": "outlet DW001, w21003 (monitoring required P1M): no value in 2024-03, 2024-06",
        },
    ]
    # A month later the half-year is over: pH (no value at all) is owed for 2024H2
    checks.check(empty_db, ["monitoring_gap"], as_of=dt.date(2025, 1, 1))
    ph = q(empty_db, "MATCH (f:Finding {rule: 'monitoring_gap', status: 'open'}) RETURN f.key AS k, f.period AS p")
    assert {r["k"]: r["p"] for r in ph}[f"monitoring_gap:{B}:DW001:w01001"] == "2024H2/2024H2"
