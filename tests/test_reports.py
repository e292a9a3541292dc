"""What a load reports is whole: no figure of the summary is ever cut, however narrow the output or long a name."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from api import cli
from loaders.report import FileSummary, LoadSummary


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
