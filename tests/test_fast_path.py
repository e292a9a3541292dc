"""The memoised monitoring path gives exactly the rows and errors of the general path, on generated ugly files."""

from __future__ import annotations

import csv
import math
from functools import partial
from pathlib import Path
from typing import Any
from unittest.mock import patch

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.model import Row
from loaders import load, read
from loaders.mapping import default_mapping
from loaders.read import Context, RowError, read_rows
from loaders.sources import read_csv

COLUMNS = ("enterprise_uscc", "outlet_code", "pollutant_code", "date", "value", "unit", "basis", "method")
# A few contexts repeated over many rows (so the memo is hit), each cell drawn from clean and ugly spellings.
CELLS: dict[str, list[str]] = {
    "enterprise_uscc": ["91130207123456788D", " 91130207123456788d ", "91130207123456788X", "9113020712345678", ""],
    "outlet_code": ["DA001", "ＤＡ００１", " DW001 ", "", "-"],
    "pollutant_code": ["a21026", "二氧化硫", "SO2", "氨氮", "unknown-pollutant", ""],
    "date": ["2024-03-04", "2024/3/5", "20240306", "2024年3月7日", "2024-02-30", "2024-3-8", "", "tomorrow"],
    "value": ["21.5", " 40.6 ", "１２.５", "1e3", "nan", "-3", "", "abc", "0"],
    "unit": ["mg/m3", "mg/m³", "μg/m3", "ug/m3", "mg/L", "kg", "furlongs", ""],
    "basis": ["daily", "hourly", "", "weekly"],
    "method": ["auto", "自动", "手工", "manual", "", "guess"],
}


contexts = st.fixed_dictionaries({c: st.sampled_from(CELLS[c]) for c in COLUMNS if c not in ("date", "value")})
readings = st.fixed_dictionaries({"date": st.sampled_from(CELLS["date"]), "value": st.sampled_from(CELLS["value"])})
files = st.lists(st.tuples(st.integers(0, 3), readings), min_size=1, max_size=60)


def _comparable(item: tuple[Any, Row | list[RowError]]) -> Any:
    _, row = item
    if isinstance(row, list):
        return row
    return {k: ("nan" if isinstance(v, float) and math.isnan(v) else v) for k, v in row.props().items()}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(contexts, min_size=4, max_size=4), files)
def test_fast_path_equals_general_path(tmp_path: Path, ctxs: list[dict[str, str]], rows: Any) -> None:
    path = tmp_path / "monitoring.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.DictWriter(fh, COLUMNS)
        out.writeheader()
        for which, reading in rows:
            out.writerow({**ctxs[which], **reading})
    rule = default_mapping(tmp_path).files[0]
    fast = [_comparable(item) for item in read_rows(rule, Context(default_mapping(tmp_path)))]
    general_ctx = Context(default_mapping(tmp_path))
    original = read._measurement_mapper
    read._measurement_mapper = lambda r, c: partial(read.map_record, r, ctx=c)  # type: ignore[assignment]
    try:
        general = [_comparable(item) for item in read_rows(rule, general_ctx)]
    finally:
        read._measurement_mapper = original
    assert fast == general
    assert len(fast) == len(rows)


def _fused(item: Any) -> Any:
    """A fused reader's item, comparable with the general path's: a FastRow becomes the row it stands for."""
    if type(item[0]) is int:
        _, series, date, value = item
        return _comparable((None, series.row.model_copy(update={"date": date, "value": value})))
    return _comparable(item)


def _write(path: Path, ctxs: list[dict[str, str]], rows: Any) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.DictWriter(fh, COLUMNS)
        out.writeheader()
        for which, reading in rows:
            out.writerow({**ctxs[which], **reading})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(contexts, min_size=4, max_size=4), files)
def test_fused_reader_equals_general_path(tmp_path: Path, ctxs: list[dict[str, str]], rows: Any) -> None:
    _write(tmp_path / "monitoring.csv", ctxs, rows)
    rule = default_mapping(tmp_path).files[0]
    assert read.reads_measurements_fast(rule)
    fused = [_fused(item) for item in read.read_measurements(rule, Context(default_mapping(tmp_path)))]
    general_ctx = Context(default_mapping(tmp_path))
    general = [_comparable((None, read.map_record(rule, rec, general_ctx))) for rec in read_csv(rule.path)]
    assert fused == general
    assert len(fused) == len(rows)


def _spooled(folder: Path) -> tuple[list[Any], list[Any], int]:
    """What validation spools for a folder (the monitoring buckets), its errors and its row count."""
    with load.Spool() as spool:
        check = load.validate(folder, spool=spool)
        items = [(i, kind, payload) for i, kind, payload in spool.replay() if kind == "buckets"]
    return items, check.errors, check.rows


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(contexts, min_size=4, max_size=4), files)
def test_fast_validation_spools_what_the_general_path_spools(
    tmp_path_factory: Any, ctxs: list[dict[str, str]], rows: Any
) -> None:
    folder = tmp_path_factory.mktemp("mon")
    _write(folder / "monitoring.csv", ctxs, rows)
    fast = _spooled(folder)
    with patch("loaders.validate.reads_measurements_fast", lambda rule: False):
        general = _spooled(folder)
    assert fast == general
    assert fast[2] == len(rows)
