"""Hazardous-waste licences as real ones are published: categories sometimes withheld (kept, flagged, the transfer
judged on the licence's validity), scales in 万吨, methods beyond the four common ones."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from graph import checks
from graph.db import Database
from loaders.load import load
from tests.conftest import DATA, wipe

HEADER = "number,holder_uscc,authority,categories,methods,scale_tpa,valid_from,valid_to"
HOLDER = "91320505555555536X"


def _load_with(db: Database, tmp_path: Path, categories: str, methods: str, scale: str) -> list[str]:
    folder = tmp_path / "small"
    shutil.copytree(DATA / "small", folder)
    line = f"3205050001,{HOLDER},江苏省生态环境厅,{categories},{methods},{scale},2022-01-01,2026-12-31"
    (folder / "hw_licences.csv").write_text(f"{HEADER}\n{line}\n", encoding="utf-8")
    wipe(db)
    summary = load(db, folder)
    checks.check(db, ["waste_to_unlicensed"], as_of=dt.date(2025, 3, 1))
    rows = db.driver.execute_query(
        "MATCH (f:Finding {rule: 'waste_to_unlicensed'}) RETURN f.message AS m", database_=db.database
    ).records
    return [*summary.warnings, *(str(r["m"]) for r in rows)]


def test_a_licence_whose_categories_are_not_published_is_judged_on_validity(db: Database, tmp_path: Path) -> None:
    said = _load_with(db, tmp_path, "", "收集;焚烧处置", "1.2万吨")
    assert said == [
        "hw_licences.csv: 1 row(s) with a hazardous-waste licence whose categories are not published (judged on "
        "validity alone)"
    ]  # and no finding: the HW08 transfer of 2024-04-18 falls within the licence's validity
    node = db.driver.execute_query(
        "MATCH (l:HazardousWasteLicence) RETURN l.categories AS c, l.methods AS m, l.scale_tpa AS s, "
        "l.categories_problem AS why",
        database_=db.database,
    ).records[0]
    assert (node["c"], node["m"], node["s"]) == ([], ["收集", "焚烧处置"], 12000.0)
    assert "not published" in node["why"]


def test_a_published_list_still_judges_the_category(db: Database, tmp_path: Path) -> None:
    said = _load_with(db, tmp_path, "HW49", "收集;贮存", "10000")
    assert len(said) == 1 and said[0].endswith("licence does not cover HW08")


@pytest.mark.parametrize("methods", ["", ";"])
def test_a_licence_with_no_method_is_refused(tmp_path: Path, methods: str) -> None:
    from loaders.load import validate

    folder = tmp_path / "small"
    shutil.copytree(DATA / "small", folder)
    line = f"3205050001,{HOLDER},江苏省生态环境厅,HW08,{methods},10000,2022-01-01,2026-12-31"
    (folder / "hw_licences.csv").write_text(f"{HEADER}\n{line}\n", encoding="utf-8")
    errors = [e for e in validate(folder).errors if e.file == "hw_licences.csv"]
    assert [e.column for e in errors] == ["methods"]
