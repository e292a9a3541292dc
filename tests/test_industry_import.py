"""`permitgraph codes import industries`: the statistics bureau's GB/T 4754 table, in either layout, checked whole."""

from __future__ import annotations

import csv
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from openpyxl import Workbook

from loaders.industries import IndustryTableError, read_industries

# The bureau's layout: a column per level, then the name and a note; sections (门类) head each part.
NBS = [
    ("门类", "大类", "中类", "小类", "类别名称", "说明"),
    ("D", None, None, None, "电力、热力、燃气及水生产和供应业", "本门类包括44～46大类"),
    (None, "44", None, None, "电力、热力生产和供应业", None),
    (None, None, "441", None, "电力生产", None),
    (None, None, None, "4411", "火力发电", "指利用煤炭、石油、天然气等燃料燃烧产生的热能…"),
    (None, None, None, "4412", "热电联产", None),
    (None, None, "443", None, "热力生产和供应", None),
    (None, None, None, "4430", "热力生产和供应", None),
    ("N", None, None, None, "水利、环境和公共设施管理业", None),
    (None, "77", None, None, "生态保护和环境治理业", None),
    (None, None, "772", None, "环境治理业", None),
    (None, None, None, "7721", "水污染治理", None),
]
EXPECTED = [
    ["44", "电力、热力生产和供应业", "division"],
    ["441", "电力生产", "group"],
    ["4411", "火力发电", "class"],
    ["4412", "热电联产", "class"],
    ["443", "热力生产和供应", "group"],
    ["4430", "热力生产和供应", "class"],
    ["77", "生态保护和环境治理业", "division"],
    ["772", "环境治理业", "group"],
    ["7721", "水污染治理", "class"],
]


def _workbook(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def test_the_bureaus_workbook_is_imported_as_the_bundled_table(tmp_path: Path) -> None:
    source = _workbook(tmp_path / "国民经济行业分类.xlsx", NBS)
    out = tmp_path / "industries.csv"
    run = subprocess.run(
        [sys.executable, "-m", "api.cli", "codes", "import", "industries", str(source), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert "2 divisions, 3 groups, 4 classes" in " ".join(run.stderr.split())  # (however the console wraps it)
    with out.open(encoding="utf-8") as fh:
        assert list(csv.reader(fh)) == [["code", "name", "level"], *sorted(EXPECTED)]


def test_a_single_code_column_reads_alike(tmp_path: Path) -> None:
    source = tmp_path / "gbt4754.csv"
    lines = ["代码,类别名称"] + [f"{code},{name}" for code, name, _ in EXPECTED]
    source.write_text("\n".join(lines) + "\n", encoding="gb18030")
    assert [[r.code, r.name, r.level] for r in read_industries(source)] == EXPECTED


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda rows: [r for r in rows if r[2] != "441"], r"row 3: 4411 comes before \(or without\) its parent 441"),
        (lambda rows: [*rows, (None, None, None, "4412", "又一个热电联产", None)], "code 4412 given again"),
        (lambda rows: [r if r[3] != "4430" else (None, None, None, "4430", None, None) for r in rows], "no name"),
        (lambda rows: [r for r in rows if r[3] is None], "no 4-digit class found"),
    ],
)
def test_a_table_that_is_not_whole_is_refused_with_its_rows(tmp_path: Path, change: object, says: str) -> None:
    assert callable(change)
    source = _workbook(tmp_path / "broken.xlsx", change(NBS))
    with pytest.raises(IndustryTableError, match=says):
        read_industries(source)
