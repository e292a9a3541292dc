"""What a load reports is whole and honest: no figure of the summary is cut, however narrow the output or long a
name; an entry of a mapping that reads or writes no row is an error, never a 0-row success."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from rich.console import Console

from api import cli
from graph.db import Database
from loaders.load import LoadRejected, load, validate
from loaders.mapping import load_mapping
from loaders.report import FileSummary, LoadSummary
from tests.conftest import DATA


@pytest.mark.parametrize("width", [60, 120, 200])
def test_the_load_summary_never_cuts_a_figure(monkeypatch: pytest.MonkeyPatch, width: int) -> None:
    name = "2024年某市排污许可信息公开.xlsx#排放口信息 (where 排放口类型 = 主要排放口, 一般排放口)"
    files = [
        FileSummary(name, rows_read=1_234_567, rows_written=1_234_000, rejected=567, nodes_created=98_765_432),
        FileSummary("[red]markup[/red].csv", rows_read=3, rows_written=3, relationships_created=12_345_678_901),
    ]
    buffer = io.StringIO()
    monkeypatch.setattr(cli, "out", Console(file=buffer, width=width, force_terminal=False, color_system=None))
    cli._print_summary(LoadSummary(files=files, seconds=12.5))
    text = buffer.getvalue()
    for figure in ("1,234,567", "1,234,000", "567", "98,765,432", "12,345,678,901", "1,234,570", "12.5"):
        assert figure in text, (figure, text)
    assert "…" not in text
    assert "[red]markup[/red].csv" in text.replace("\n", "").replace("│", "").replace(" ", "")  # shown as given


def _export_with_an_entry_that_selects_nothing(tmp_path: Path) -> Path:
    """The Chinese-headed export, its outlets entry narrowed by a `where` no row meets (a mistyped value)."""
    shutil.copytree(DATA / "export", tmp_path / "export")
    mapping = tmp_path / "export" / "mapping.toml"
    text = mapping.read_text(encoding="utf-8")
    narrowed = text.replace(
        'path = "排放口.csv"\n', 'path = "排放口.csv"\nwhere = { "排放口类型" = ["主要排放囗"] }\n', 1
    )
    assert narrowed != text
    mapping.write_text(narrowed, encoding="utf-8")
    return mapping


def test_an_entry_that_reads_no_row_is_a_located_error(empty_db: Database, tmp_path: Path) -> None:
    mapping = load_mapping(_export_with_an_entry_that_selects_nothing(tmp_path))
    result = validate(mapping, db=empty_db)
    errors = [e for e in result.all_errors() if e.row == 0]
    assert [(e.file, e.column, e.found) for e in errors] == [("排放口.csv", "(outlets)", "no row")]
    assert "where (排放口类型 in ['主要排放囗'])" in errors[0].expected
    with pytest.raises(LoadRejected):
        load(empty_db, mapping)
    summary = load(empty_db, mapping, skip_invalid=True)  # the rest loads; what loaded nothing is named, an error
    nothing = ["排放口.csv", "许可限值.csv", "监测数据.jsonl"]  # the limits and values of outlets never stated
    assert summary.empty == nothing
    written = [f.file for f in summary.files if f.rows_written]
    assert written == [f.file for f in summary.files if f.file not in nothing]


def test_the_default_layout_takes_a_header_only_file_as_nothing_to_say(empty_db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "layout"
    shutil.copytree(DATA / "small", folder)
    header = (folder / "penalties.csv").read_text(encoding="utf-8").splitlines()[0]
    (folder / "penalties.csv").write_text(header + "\n", encoding="utf-8")
    (folder / "violations.csv").unlink()  # (the penalties' violations go with them)
    summary = load(empty_db, folder)
    assert summary.empty == [] and summary.total("rows_written") > 0


def test_a_sheet_split_by_where_counts_each_entry_on_its_own(empty_db: Database, tmp_path: Path) -> None:
    shutil.copytree(DATA / "export", tmp_path / "export")
    folder = tmp_path / "export"
    outlets = folder / "排放口.csv"
    outlets.write_text(  # a main outlet of an enterprise no file states: rejected, in the main entry only
        outlets.read_text(encoding="gbk") + "XX-9999,DA009,无主烟囱,主要排放口,废气,GB 13223-2011,大气,否\r\n",
        encoding="gbk",
    )
    mapping = folder / "mapping.toml"
    text = mapping.read_text(encoding="utf-8")
    start = text.index('[[files]]\nentity = "outlets"')
    end = text.index("[[files]]", start + 1)
    entry = text[start:end]
    split = "".join(
        entry.replace('path = "排放口.csv"\n', f'path = "排放口.csv"\nwhere = {{ "排放口类型" = ["{kind}"] }}\n')
        for kind in ("主要排放口", "一般排放口")
    )
    mapping.write_text(text[:start] + split + text[end:], encoding="utf-8")
    summary = load(empty_db, load_mapping(mapping), skip_invalid=True)
    counts = [(f.rows_read, f.rejected, f.rows_written) for f in summary.files if f.file.startswith("排放口.csv")]
    assert counts == [(3, 1, 2), (1, 0, 1)]
