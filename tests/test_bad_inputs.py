"""Impossible numbers, conflicting duplicates and unreadable files: each is a located error, and nothing is written.

Every case starts from the hand-built folder tests/data/small (which loads cleanly) with one change; monitoring
cases are given both as a later row of a series already seen (the fast path) and as the first row of a series
(the general path)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph.db import Database
from graph.stats import label_counts
from loaders.load import LoadRejected, load, validate
from loaders.mapping import load_mapping
from tests.conftest import DATA

A, B = "91130207123456788D", "913101177654321208"
SEEN = f"{A},DA001,a21026,{{date}},{{value}},mg/m3,daily,auto"  # a series tests/data/small has (SO2 at A's DA001)
FIRST = f"{A},DW001,w01001,{{date}},{{value}},无量纲,daily,manual"  # a series it does not have (pH at A's DW001)


def _folder(tmp_path: Path, file: str, *lines: str, replace: tuple[str, str] | None = None) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(DATA / "small", folder)
    path = folder / file
    text = path.read_text(encoding="utf-8")
    if replace is not None:
        assert replace[0] in text
        text = text.replace(replace[0], replace[1], 1)
    path.write_text(text.rstrip("\n") + "\n" + "".join(line + "\n" for line in lines), encoding="utf-8")
    return folder


def _rows(path: Path) -> int:
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines()[1:] if line.strip())


def _rejected(db: Database, source: Path, file: str, row: int, column: str, expected: str) -> None:
    """validate() locates the error exactly; load() raises and leaves the graph as it was."""
    check = validate(source)
    located = [(e.file, e.row, e.column) for e in check.errors]
    assert (file, row, column) in located, check.errors
    error = next(e for e in check.errors if (e.file, e.row, e.column) == (file, row, column))
    assert expected in error.expected or expected in error.found, error
    before = label_counts(db)
    with pytest.raises(LoadRejected):
        load(db, source)
    assert label_counts(db) == before


NUMBERS = [
    ("inf", "finite number"),
    ("1e400", "finite number"),
    ("Infinity", "finite number"),
    ("NaN", ""),  # a placeholder ("no value") on the general path, not a number on the fast path: refused either way
]


@pytest.mark.slow
@pytest.mark.parametrize(("value", "expected"), NUMBERS)
@pytest.mark.parametrize("series", ["seen", "first"])
def test_impossible_monitoring_values(
    empty_db: Database, tmp_path: Path, series: str, value: str, expected: str
) -> None:
    line = (SEEN if series == "seen" else FIRST).format(date="2024-03-20", value=value)
    source = _folder(tmp_path, "monitoring.csv", line)
    _rejected(empty_db, source, "monitoring.csv", _rows(source / "monitoring.csv"), "value", expected)


@pytest.mark.parametrize(
    ("date", "expected"), [("9999-12-31", "between 1949-10-01 and 2099-12-31"), ("2091-05-01", "a day that has come")]
)
@pytest.mark.parametrize("series", ["seen", "first"])
def test_impossible_monitoring_dates(empty_db: Database, tmp_path: Path, series: str, date: str, expected: str) -> None:
    line = (SEEN if series == "seen" else FIRST).format(date=date, value="7.5")
    source = _folder(tmp_path, "monitoring.csv", line)
    _rejected(empty_db, source, "monitoring.csv", _rows(source / "monitoring.csv"), "date", expected)


def test_impossible_amounts_and_dates_elsewhere(empty_db: Database, tmp_path: Path) -> None:
    transfers = _folder(tmp_path / "a", "waste_transfers.csv", replace=(",12.5,", ",Infinity,"))
    _rejected(empty_db, transfers, "waste_transfers.csv", 1, "amount_t", "finite number")
    limits = _folder(tmp_path / "b", "permit_limits.csv", replace=("DA001,a34013,10,", "DA001,a34013,-10,"))
    _rejected(empty_db, limits, "permit_limits.csv", 1, "concentration_max", "greater than or equal to 0")
    permits = (DATA / "small" / "permits.csv").read_text(encoding="utf-8").splitlines()[1].split(",")
    valid_to = permits[6]
    far = _folder(tmp_path / "c", "permits.csv", replace=(valid_to, "9999-12-31"))
    _rejected(empty_db, far, "permits.csv", 1, "valid_to", "between 1949-10-01 and 2099-12-31")


def test_conflicting_duplicates_name_both_rows(empty_db: Database, tmp_path: Path) -> None:
    first = (DATA / "small" / "enterprises.csv").read_text(encoding="utf-8").splitlines()[1]
    renamed = first.replace("唐山丰南热电有限公司", "唐山丰南热电有限责任公司").replace(",key,", ",simplified,")
    source = _folder(tmp_path / "a", "enterprises.csv", renamed)
    row = _rows(source / "enterprises.csv")
    # one error per field whose values differ, each with both values and both rows; nothing else
    _rejected(empty_db, source, "enterprises.csv", row, "name", "enterprises.csv row 1, which states the same record")
    errors = [(e.column, e.expected, e.found) for e in validate(source).errors]
    assert errors == [
        (
            "name",
            "the same value as enterprises.csv row 1, which states the same record ('唐山丰南热电有限公司')",
            "唐山丰南热电有限责任公司",
        ),
        (
            "management_class",
            "the same value as enterprises.csv row 1, which states the same record ('key')",
            "simplified",
        ),
    ]
    day = SEEN.format(date="2024-03-04", value="99.9")  # row 1 of monitoring.csv gives 21.5 for that day
    source = _folder(tmp_path / "b", "monitoring.csv", day)
    _rejected(empty_db, source, "monitoring.csv", _rows(source / "monitoring.csv"), "value", "monitoring.csv row 1")


@pytest.mark.slow
def test_identical_duplicates_are_harmless(empty_db: Database, tmp_path: Path) -> None:
    first = (DATA / "small" / "enterprises.csv").read_text(encoding="utf-8").splitlines()[1]
    source = _folder(tmp_path / "a", "enterprises.csv", first)
    source = _folder(tmp_path / "b", "monitoring.csv", SEEN.format(date="2024-03-04", value="21.5"))
    shutil.copy(tmp_path / "a" / "data" / "enterprises.csv", source / "enterprises.csv")
    assert validate(source).invalid == 0
    load(empty_db, source)
    assert label_counts(empty_db)["Enterprise"] == 3


def _file_error(source: Path | object, file: str, found: str) -> None:
    from loaders.mapping import Mapping

    check = validate(source) if isinstance(source, Path | Mapping) else None
    assert check is not None
    errors = [e for e in check.errors if e.file == file and e.column == "(file)"]
    assert errors and found in errors[0].found, check.errors
    assert file in errors[0].found  # the message itself names the file


def test_unreadable_files_name_the_file(empty_db: Database, tmp_path: Path) -> None:
    # a corrupt workbook
    export = tmp_path / "export"
    shutil.copytree(DATA / "export", export)
    (export / "企业信息.xlsx").write_bytes(b"PK\x03\x04 not really a zip file")
    _file_error(load_mapping(export / "mapping.toml"), "企业信息.xlsx", "not a readable .xlsx workbook")
    # an unknown declared encoding
    export2 = tmp_path / "export2"
    shutil.copytree(DATA / "export", export2)
    mapping = (export2 / "mapping.toml").read_text(encoding="utf-8")
    (export2 / "mapping.toml").write_text(
        mapping.replace('path = "许可证.csv"\n', 'path = "许可证.csv"\nencoding = "x-klingon"\n'), encoding="utf-8"
    )
    _file_error(load_mapping(export2 / "mapping.toml"), "许可证.csv", "unknown encoding 'x-klingon'")
    # a quote never closed: the rest of the file becomes one cell over the CSV field limit
    source = _folder(tmp_path / "q", "monitoring.csv", SEEN.format(date="2024-03-21", value='"7.5') + "x" * 200_000)
    check = validate(source)
    errors = [e for e in check.errors if e.column == "(file)"]
    assert (
        errors and errors[0].file == "monitoring.csv" and errors[0].row == _rows(DATA / "small" / "monitoring.csv") + 1
    )
    assert "longer than 131,072 characters" in errors[0].found
    before = label_counts(empty_db)
    with pytest.raises(LoadRejected):
        load(empty_db, source)
    assert label_counts(empty_db) == before


def test_encoding_errors_say_the_encoding_and_where(tmp_path: Path) -> None:
    # UTF-8 cut in the middle of a character: said as such, not as "not valid gb18030"
    source = _folder(tmp_path / "a", "enterprises.csv")
    data = (source / "enterprises.csv").read_bytes()
    last = max(i for i, b in enumerate(data) if b >= 0xC0)  # where the file's last multi-byte character starts
    (source / "enterprises.csv").write_bytes(data[: last + 1])  # cut after its first byte
    _file_error(source, "enterprises.csv", "ends in the middle of a utf-8 character")
    # GB18030 with two bad bytes in line 3: the encoding detected, the byte and the line
    source = _folder(tmp_path / "b", "enterprises.csv")
    lines = (source / "enterprises.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    encoded = [line.encode("gb18030") for line in lines]
    encoded[2] = encoded[2][:18] + b"\xff\xff" + encoded[2][18:]  # after the USCC and its comma: ASCII
    (source / "enterprises.csv").write_bytes(b"".join(encoded))
    offset = len(encoded[0]) + len(encoded[1]) + 18
    _file_error(source, "enterprises.csv", f"not valid gb18030 (detected from its first MiB) at byte {offset}, line 3")


@pytest.mark.parametrize("parallel", [False, True])
def test_every_error_reaches_the_report_grouped_by_cause(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parallel: bool
) -> None:
    """More errors than are kept in memory: the report still holds every one, in file order, and the causes
    count them all (also when the file is validated in forked parts)."""
    import datetime as dt

    import loaders.validate as validate_module
    from loaders.report import MAX_ERRORS, write_report

    if parallel:
        monkeypatch.setattr(validate_module, "PARALLEL_MIN_BYTES", 0)
    bad = 2 * MAX_ERRORS + 500
    days = [dt.date(2015, 1, 1) + dt.timedelta(days=i) for i in range(bad)]
    folder = _folder(tmp_path, "monitoring.csv", *(SEEN.format(date=d, value="inf") for d in days))
    result = validate(folder)
    errors = list(result.all_errors())
    assert result.invalid == bad and len(errors) == bad == result.error_count
    assert len(result.errors) == MAX_ERRORS
    assert [e.row for e in errors] == sorted(e.row for e in errors)
    assert dict(result.causes) == {("monitoring.csv", "value", "Input should be a finite number"): bad}
    report = tmp_path / "report.csv"
    write_report(result.all_errors(), report)
    assert len(report.read_text(encoding="utf-8-sig").splitlines()) == bad + 1


MOJIBAKE_MAPPING = """
[[files]]
entity = "enterprises"
path = "enterprises.csv"
encoding = "{encoding}"
[files.columns]
uscc = "uscc"
name = "name"
region_code = "region_code"
industry_code = "industry_code"
management_class = "management_class"
"""


@pytest.mark.parametrize(
    ("written", "declared", "garbled"),
    [
        ("utf-8", "latin-1", "utf-8"),
        ("gbk", "latin-1", "gb18030"),
        ("utf-8", "utf-8", None),
        ("gbk", "gb18030", None),
    ],
)
def test_text_that_reads_as_garbled_under_its_declared_encoding_is_a_located_warning(
    empty_db: Database, tmp_path: Path, written: str, declared: str, garbled: str | None
) -> None:
    text = (DATA / "small" / "enterprises.csv").read_text(encoding="utf-8")
    (tmp_path / "enterprises.csv").write_bytes(text.encode(written))
    (tmp_path / "mapping.toml").write_text(MOJIBAKE_MAPPING.format(encoding=declared), encoding="utf-8")
    summary = load(empty_db, load_mapping(tmp_path / "mapping.toml"))
    if garbled is None:
        assert summary.warnings == []
    else:
        (warning,) = summary.warnings
        assert warning.startswith(f"enterprises.csv, line 2: declared {declared} but reads as garbled {garbled}")
        assert "唐山" in warning
