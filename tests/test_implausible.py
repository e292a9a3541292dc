"""Values that cannot be what was measured (a negative concentration, a pH of 1e9) load as evidence of bad data:
kept apart from their series, judging no limit, counted in no figure, reported as data-quality findings; a
measured value given later for the day, or a retraction, takes them back and the next check closes the finding."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from graph import checks
from graph.db import Database
from graph.stats import label_counts
from loaders.load import load, validate
from loaders.retract import retract
from tests.conftest import DATA, q

# beyond the inner loop (`pytest -m "not slow"`): the whole suite runs it
pytestmark = pytest.mark.slow

A, B = "91130207123456788D", "913101177654321208"
AS_OF = dt.date(2024, 6, 1)
SO2 = f"{A}:DA001:a21026:2024-03:auto:daily:mg/m3"
PH = f"{B}:DW001:w01001:2023-05:manual:daily:无量纲"
HEADER = "enterprise_uscc,outlet_code,pollutant_code,date,value,unit,basis,method\n"


def _folder(tmp_path: Path, *lines: str) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(DATA / "small", folder)
    with (folder / "monitoring.csv").open("a", encoding="utf-8") as f:
        f.write("".join(line + "\n" for line in lines))
    return folder


def _open_quality(db: Database) -> list[tuple[str, str]]:
    rows = q(
        db,
        "MATCH (f:Finding {rule: 'data_quality', status: 'open'}) WHERE f.key STARTS WITH 'data_quality:implausible:' "
        "RETURN f.key AS s, f.message AS m ORDER BY s",
    )
    return [(r["s"], r["m"]) for r in rows]


def test_implausible_values_are_kept_apart_judge_nothing_and_are_reported(empty_db: Database, tmp_path: Path) -> None:
    source = _folder(
        tmp_path,
        f"{A},DA001,a21026,2024-03-20,-3.2,mg/m3,daily,auto",  # a series the file has (the fast path)
        f"{B},DW001,w01001,2023-05-10,7.1,无量纲,daily,manual",  # a new series (the general path)
        f"{B},DW001,w01001,2023-05-11,1e9,无量纲,daily,manual",  # above 9, B's limit then in force: judged by none
        f"{B},DW001,w01001,2023-05-12,15,无量纲,daily,manual",
    )
    assert validate(source).invalid == 0
    summary = load(empty_db, source)
    monitoring = next(f for f in summary.files if f.file == "monitoring.csv")
    assert monitoring.rows_written == monitoring.rows_read and monitoring.rejected == 0  # the four are written
    buckets = q(
        empty_db,
        "MATCH (m:MonitoringMonth) WHERE m.key IN [$so2, $ph] RETURN m.key AS k, m.count AS n, m.max AS max, "
        "m:Implausible AS flagged, [i IN range(0, 30) WHERE NOT isNaN(m.suspect[i]) | [i + 1, m.suspect[i]]] AS s "
        "ORDER BY k",
        so2=SO2,
        ph=PH,
    )
    assert buckets == [
        {"k": SO2, "n": 3, "max": 40.6, "flagged": True, "s": [[20, -3.2]]},
        {"k": PH, "n": 1, "max": 7.1, "flagged": True, "s": [[11, 1e9], [12, 15.0]]},
    ]
    assert q(empty_db, "MATCH (x:Exceedance) WHERE x.pollutant = 'w01001' RETURN x.key AS k") == []

    checks.check(empty_db, ["data_quality"], as_of=AS_OF)
    assert _open_quality(empty_db) == [
        (
            f"data_quality:implausible:{SO2}",
            "outlet DA001, a21026: 1 implausible value(s), kept apart and judging no limit: "
            "2024-03-20 -3.2 mg/m3 (negative)",
        ),
        (
            f"data_quality:implausible:{PH}",
            "outlet DW001, w01001: 2 implausible value(s), kept apart and judging no limit: "
            "2023-05-11 1.0E9 无量纲 (above the most it can be); 2023-05-12 15.0 无量纲 (above the most it can be)",
        ),
    ]

    # Loading the same files again changes nothing: counts, the values kept apart, the findings' evidence.
    counts = label_counts(empty_db)
    evidence = q(empty_db, "MATCH (f:Finding)-[e:EVIDENCE]->(n) RETURN f.key AS f, elementId(n) AS n ORDER BY f, n")
    load(empty_db, source)
    checks.check(empty_db, ["data_quality"], as_of=AS_OF)
    assert label_counts(empty_db) == counts
    assert q(empty_db, "MATCH (f:Finding)-[e:EVIDENCE]->(n) RETURN f.key AS f, elementId(n) AS n ORDER BY f, n") == (
        evidence
    )
    assert q(empty_db, "MATCH (m:Implausible) RETURN count(m) AS n") == [{"n": 2}]

    # The source sends the day's measured value: the implausible one goes, and the next check closes its finding.
    again = _folder(tmp_path / "again", f"{A},DA001,a21026,2024-03-20,12.5,mg/m3,daily,auto")
    load(empty_db, again)
    # The pH day is withdrawn: the retraction takes the implausible values back too.
    retractions = tmp_path / "retract.csv"
    retractions.write_text(
        "enterprise_uscc,outlet_code,pollutant_code,date,unit,basis,method\n"
        f"{B},DW001,w01001,2023-05-11,无量纲,daily,manual\n",
        encoding="utf-8",
    )
    assert retract(empty_db, retractions).retracted == 1
    rows = q(
        empty_db,
        "MATCH (m:MonitoringMonth) WHERE m.key IN [$so2, $ph] RETURN m.key AS k, m.suspect AS s, "
        "m:Implausible AS flagged, m.count AS n ORDER BY k",
        so2=SO2,
        ph=PH,
    )
    assert [(r["k"], r["flagged"], r["n"]) for r in rows] == [(SO2, False, 4), (PH, True, 1)]
    assert rows[0]["s"] is None
    checks.check(empty_db, ["data_quality"], as_of=AS_OF)
    assert _open_quality(empty_db) == [
        (
            f"data_quality:implausible:{PH}",
            "outlet DW001, w01001: 1 implausible value(s), kept apart and judging no limit: "
            "2023-05-12 15.0 无量纲 (above the most it can be)",
        ),
    ]
