"""A limit whose lower bound repeats its upper one (a source copying the limit into the lower-limit column) is
flagged, and its lower bound is not judged: compliant values below the limit raise no exceedance."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph.db import Database
from loaders.load import load
from tests.conftest import DATA


def _limits_and_exceedances(db: Database) -> tuple[list[dict[str, object]], list[str]]:
    limits = db.driver.execute_query(
        "MATCH (l:PermitLimit) WHERE l.source = 'permit' AND l.outlet_key ENDS WITH ':DA001' "
        "RETURN l.pollutant_code AS p, l.concentration_max AS hi, l.concentration_min AS lo, l.bound_problem AS why "
        "ORDER BY p",
        database_=db.database,
    ).records
    exceedances = db.driver.execute_query("MATCH (x:Exceedance) RETURN x.key AS k ORDER BY k", database_=db.database)
    return [r.data() for r in limits], [r["k"] for r in exceedances.records]


@pytest.mark.slow
def test_a_repeated_lower_bound_is_flagged_and_not_judged(empty_db: Database, tmp_path: Path) -> None:
    load(empty_db, DATA / "small")
    _, baseline = _limits_and_exceedances(empty_db)
    from tests.conftest import wipe

    wipe(empty_db)
    folder = tmp_path / "small"
    shutil.copytree(DATA / "small", folder)
    limits = folder / "permit_limits.csv"
    text = limits.read_text(encoding="utf-8")
    limits.write_text(text.replace("DA001,a21026,35,,", "DA001,a21026,35,35,"), encoding="utf-8")
    load(empty_db, folder)
    got, exceedances = _limits_and_exceedances(empty_db)
    assert got == [
        {"p": "a21002", "hi": 50.0, "lo": None, "why": None},
        {"p": "a21026", "hi": 35.0, "lo": None, "why": "lower limit 35 repeats the upper limit: not judged"},
        {"p": "a34013", "hi": 10.0, "lo": None, "why": None},
    ]
    assert exceedances == baseline  # SO2's values under 35 are no breach of a lower bound of 35
