"""Validation: every file checked before anything is written — values, codes, references (to the files or the
graph), conflicting duplicates — with located errors; large monitoring CSVs in parallel processes. With a spool,
the valid rows are also turned into ready write batches, so that loading needs no second parse."""

from __future__ import annotations

import datetime as dt
import math
import multiprocessing
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, cast

from graph import model
from graph.db import Database
from graph.relations import LABELS
from loaders.mapping import FileRule, Mapping, default_mapping
from loaders.merge import Records
from loaders.partial import given
from loaders.plans import SEVERAL_A_DAY, key_parts
from loaders.read import Context, RowError, Series, read_measurements, read_rows, reads_measurements_fast
from loaders.report import FileSummary, Progress, Validation
from loaders.sources import CSV_SUFFIXES, Part, Record, split_csv
from loaders.spool import Sink, Spool, missing_reference

REF_CHECK_BATCH = 5000


def as_mapping(source: Path | Mapping) -> Mapping:
    return source if isinstance(source, Mapping) else default_mapping(source)


def on_bytes(progress: Progress | None, rule: FileRule, label: str) -> Callable[[int], None] | None:
    if progress is None:
        return None
    size = rule.path.stat().st_size if rule.path.exists() else 0
    return lambda b: progress(label, b, size)


# --- references and identities -----------------------------------------------------------------------------
# A row that writes a node names its label (`NODE`); the row's field of the same name as the label's key
# (graph/relations.py) holds its natural key. Other rows point at these nodes through their `Ref` fields
# (graph/model/: reference checks) and two rows may state the same one (duplicate checks).

# Rows that state a value of a node rather than a node: what names the value.
_VALUE_ROWS: dict[type[model.Row], tuple[str, Callable[[Any], str]]] = {
    model.EIAAmount: ("EIAAmount", lambda r: f"{r.doc_number}:{r.pollutant_code}"),
    model.ReportEmission: ("ReportEmission", lambda r: f"{r.permit_number}:{r.period}:{r.pollutant_code}"),
}


def _identified(row: type[model.Row]) -> bool:
    return row.NODE is not None or row in _VALUE_ROWS


def _identity(row: model.Row) -> tuple[str, str] | None:
    """(label, natural key) of what a row states: its node (for references and duplicates), or its value of a
    node (for duplicates)."""
    label = row.NODE
    if label is not None:
        return label, str(getattr(row, LABELS[label].key))
    entry = _VALUE_ROWS.get(type(row))
    return None if entry is None else (entry[0], entry[1](row))


def validate(
    source: Path | Mapping,
    progress: Progress | None = None,
    *,
    strict: bool = False,
    db: Database | None = None,
    spool: Spool | None = None,
) -> Validation:
    """Check every file without writing: values, codes, and references (against the files, and the graph if
    `db` is given; without it, a reference missing from the files is an error). With a spool, the valid rows
    are also turned into ready write batches, so that loading needs no second parse."""
    started = time.perf_counter()
    mapping = as_mapping(source)
    result = Validation()
    ctx = Context(mapping, strict)
    if db is not None:  # an outlet the graph keys DW001 carrying WS001: a row naming WS001 alone points at it
        ctx.outlet_codes.update({(r["owner"], r["local"]): r["code"] for r in db.read("find_outlet_local_codes")})
        ctx.holder_permits.update({r["owner"]: r["number"] for r in db.read("find_permit_holders")})
    state = _Pass(result, Records(mapping.files), spool=spool)
    for index, rule in enumerate(mapping.files):
        fs = FileSummary(summary_name_of(rule, mapping))
        result.files.append(fs)
        parts = _parallel_parts(rule)
        if parts is None:
            _validate_file(index, rule, ctx, state, fs, on_bytes(progress, rule, fs.file))
        else:
            _validate_in_parallel(index, rule, parts, ctx, state, fs, progress)
        if fs.rows_read == 0 and mapping.explicit and rule.path.is_file():
            result.add([_no_rows(rule)], rule.entity)
    refused, result.settled = state.records.report(mapping, ctx)
    for index, errors in refused:
        result.add(errors, mapping.files[index].entity)
    missing = {k: v for k, v in state.pending.items() if k not in state.defined}
    if missing and db is not None:
        keys = list(missing)
        for i in range(0, len(keys), REF_CHECK_BATCH):
            chunk = [{"label": label, "key": key} for label, key in keys[i : i + REF_CHECK_BATCH]]
            for found in db.read("find_existing_keys", refs=chunk):
                missing.pop((found["label"], found["key"]), None)
    if missing:
        # A missing reference fails every row that points at it: each is reported, located, in the rejects.
        result.missing_references, result.missing = True, set(missing)
        if spool is not None:  # the spooled rows pointing at them: the load leaves them out as it replays
            for index, row, fname, label, key in spool.left_out(result.missing):
                rule = mapping.files[index]
                result.note([_missing(rule, row, fname, label, key)])
                result.files[index].rejected += 1
                result.invalid += 1
        else:  # a validation that keeps no rows finds them by reading the files again
            _mark_all_referencing(mapping, result, result.missing, ctx.strict)
    result.seconds = time.perf_counter() - started
    return result


Pending = dict[tuple[str, str], tuple[str, Record, int, FileRule]]


@dataclass
class _Pass:
    """What one validation pass carries from file to file: its result, the node keys the files define, the
    references not yet seen defined (first row, count), and the spool of ready write batches."""

    result: Validation
    records: Records  # what the rows state, record by record: merged, conflicts found
    # the nodes the files state (a partial row's record is not stated by it), by (label, natural key)
    defined: dict[tuple[str, str], int] = field(default_factory=dict)
    pending: Pending = field(default_factory=dict)
    spool: Spool | None = None


PARALLEL_MIN_BYTES = 8 << 20  # below this, starting worker processes costs more than it saves


_FORKED: dict[str, Any] = {}  # state a forked validation worker inherits (set just before the pool starts)


def _note_reference(
    pending: Pending, key: tuple[str, str], fname: str, record: Record, count: int, rule: FileRule
) -> None:
    """Remember rows pointing at a node not seen yet: the first row's location, and how many rows in all."""
    first = pending.get(key)
    pending[key] = (fname, record, count, rule) if first is None else (*first[:2], first[2] + count, rule)


@cache
def _flags(row: type[model.Row]) -> tuple[str, ...]:
    """The fields a row model flags a kept value's problem in (`*_problem`: a USCC failing its check digit, an industry
    the bundled table does not resolve, a repeated lower bound)."""
    return tuple(name for name in row.model_fields if name.endswith("_problem"))


def _validate_file(
    index: int,
    rule: FileRule,
    ctx: Context,
    state: _Pass,
    fs: FileSummary,
    on_bytes: Callable[[int], None] | None,
    part: Part | None = None,
) -> None:
    """Validate one file (or one part of it): count, collect errors and references, spool the valid rows."""
    result, defined, pending = state.result, state.defined, state.pending
    sink = Sink(index, rule.spec, state.spool) if state.spool is not None else None
    identified = _identified(rule.spec.row)
    names = tuple(rule.spec.row.model_fields)
    # repeated monitoring days: the sink catches them as it folds buckets; validation without a spool needs its own
    label = file_name_of(rule)
    repeats = _Repeats(label) if rule.spec.row is model.Measurement and sink is None else None
    last_refs: list[tuple[str, str, str]] = []  # consecutive rows often point at the same nodes
    fast = reads_measurements_fast(rule)
    items = read_measurements(rule, ctx, on_bytes, part) if fast else read_rows(rule, ctx, on_bytes, part)
    series_refs: dict[Series, list[tuple[str, str, str]]] = {}  # the references of a series not defined yet
    fast_rows, file_name = 0, rule.path.name
    for item in items:
        if type(item[0]) is int:  # a FastRow: a valid monitoring row of a series seen before
            n, series, date, value = item
            fast_rows += 1
            if repeats is not None and (clash := repeats.check(series, date, value, n)) is not None:
                result.add([_clash(rule, "value", file_name, n, clash, value)], rule.entity)
                fs.rejected += 1
                continue
            if sink is not None and (first := sink.fold(series, date, value, f"{file_name}:{n}", n)):
                result.add([_clash(rule, "value", file_name, n, f"{label} row {first}", value)], rule.entity)
                fs.rejected += 1
                continue
            if (missing := series_refs.get(series)) is None:
                missing = series_refs[series] = [r for r in series.row.references() if r[1:] not in defined]
            for fname, label, key in missing:
                _note_reference(pending, (label, key), fname, Record({}, file_name, n), 1, rule)
            continue
        record, row = cast(tuple[Record | None, model.Row | list[RowError]], item)
        if record is not None:
            result.rows += 1
            fs.rows_read += 1
        if isinstance(row, list):
            result.add(row, rule.entity)
            fs.rejected += record is not None
            continue
        assert record is not None
        for flag in _flags(rule.spec.row):  # kept and loaded, but said in the summary (industry not resolved …)
            if getattr(row, flag) is not None:
                fs.flags[flag] = fs.flags.get(flag, 0) + 1
        if identified and (ident := _identity(row)) is not None:
            if not state.records.state(ident, row, (index, record.row, record.cells), names):
                fs.rejected += 1  # its errors, with the other row's value, come once the pass is over
                continue
            if row.PARTIAL:  # adds to a record: it must be stated (by the files or the graph)
                if ident not in defined:
                    _note_reference(pending, ident, row.references()[0][0], record, 1, rule)
            else:
                defined.setdefault(ident, 1)
                if isinstance(row, model.Site):  # a site states its company too (made from it if no row does)
                    defined.setdefault(("Enterprise", row.enterprise_uscc), 1)
        elif (
            repeats is not None
            and isinstance(row, model.Measurement)
            and (clash := repeats.check(repeats.series_of(row), row.date, row.value, record.row)) is not None
        ):
            result.add([_clash(rule, "value", record.file, record.row, clash, row.value, record.sheet)], rule.entity)
            fs.rejected += 1
            continue
        src = record.where if not row.PARTIAL else f"{record.where} ({', '.join(given(row))})"
        if sink is not None and (first := sink.add(row, src, record.row)):
            result.add(
                [
                    _clash(
                        rule,
                        "value",
                        record.file,
                        record.row,
                        f"{label} row {first}",
                        getattr(row, "value", ""),
                        record.sheet,
                    )
                ],
                rule.entity,
            )
            fs.rejected += 1
            continue
        refs = row.references()
        if refs == last_refs and all((label, key) in defined for _, label, key in refs):
            continue
        last_refs = refs
        for fname, label, key in refs:
            if (label, key) not in defined:
                _note_reference(pending, (label, key), fname, record, 1, rule)
    result.rows += fast_rows
    fs.rows_read += fast_rows
    if sink is not None:
        sink.close()


def _column(rule: FileRule, field_name: str) -> str:
    """How errors name a field: its source column(s) as the mapping gives them, else the field itself."""
    return rule.fields[field_name].label if field_name in rule.fields else field_name


def _no_rows(rule: FileRule) -> RowError:
    """An entry of a mapping file that read no row: an error of the entry, located to its file and sheet."""
    where = "; ".join(f"{col} in {sorted(values)}" for col, values in rule.where.items())
    expected = "at least one row: check the sheet, the header row" + (f" and where ({where})" if where else "")
    return RowError(rule.path.name, 0, f"({rule.entity})", expected, "no row", rule.sheet)


def file_name_of(rule: FileRule) -> str:
    """How errors and summaries name a mapped file: file[#sheet]."""
    return rule.path.name + (f"#{rule.sheet}" if rule.sheet else "")


def summary_name_of(rule: FileRule, mapping: Mapping) -> str:
    """How the load summary names a mapped file: file[#sheet], with the entity when the mapping reads that file
    or sheet for several entities (a sheet of enterprises and their outlets), so each count has its own line."""
    name = file_name_of(rule)
    shared = sum(1 for r in mapping.files if (r.path, r.sheet) == (rule.path, rule.sheet)) > 1
    return f"{name} ({rule.entity})" if shared else name


def _clash(
    rule: FileRule,
    field_name: str,
    file: str,
    row: int,
    first: str,
    found: Any,
    sheet: str | None = None,
    differs: list[str] | None = None,
) -> RowError:
    column = _column(rule, field_name)
    expected = f"the same values as {first}, which states the same record"
    if differs:
        expected += f" (it differs in {', '.join(differs)})"
    return RowError(file, row, column, expected, str(found), sheet)


REPEAT_WINDOW = 3000  # months of series remembered for repeated days (the monitoring batch: what one flush holds)


class _Repeats:
    """Monitoring values given twice for one day of one daily (or monthly) series: the second is an error when it
    differs. Series are remembered by month, the last REPEAT_WINDOW months seen; hourly series are not checked
    (several values a day are their nature)."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.months: dict[str, tuple[list[float], list[int]]] = {}  # bucket key → (day values, their rows)
        self.heads: dict[Series, tuple[str, str] | None] = {}
        self._series: dict[tuple[Any, ...], Series] = {}

    def series_of(self, row: model.Measurement) -> Series:
        """A Series standing for a row read through the general path (its context, as the fast path keys it)."""
        key = (row.owner, row.outlet_code, row.pollutant_code, row.unit, row.basis, row.method)
        series = self._series.get(key)
        if series is None:
            if len(self._series) >= REPEAT_WINDOW:
                self._series.clear()
            series = self._series[key] = Series(row, 1.0)
        return series

    def check(self, series: Series, date: dt.date, value: float, row: int) -> str | None:
        """Where the first value of this day stands when it differs from `value`; None when it does not."""
        if series in self.heads:
            head = self.heads[series]
        else:
            r = series.row
            head = None if r.basis in SEVERAL_A_DAY else key_parts(r)[1:]
            self.heads[series] = head
        if head is None:
            return None
        key = f"{head[0]}{date.year:04d}-{date.month:02d}{head[1]}"
        month = self.months.get(key)
        if month is None:
            if len(self.months) >= REPEAT_WINDOW:
                del self.months[next(iter(self.months))]
            month = self.months[key] = ([math.nan] * 31, [0] * 31)
        slot = date.day - 1
        before = month[0][slot]
        if before == before and before != value:  # a value was there (not NaN), and another one comes
            return f"{self.file} row {month[1][slot]}"
        month[0][slot], month[1][slot] = value, row
        return None


def _parallel_parts(rule: FileRule) -> list[Part] | None:
    """Parts for validating a large monitoring CSV in several processes, or None to do it in this one."""
    workers = min(os.cpu_count() or 1, 4)
    if workers < 2 or rule.spec.row is not model.Measurement or rule.path.suffix.lower() not in CSV_SUFFIXES:
        return None
    if not rule.path.exists() or rule.path.stat().st_size < PARALLEL_MIN_BYTES or rule.key is not None:
        return None
    return split_csv(rule.path, workers)


def _validate_part(index: int, part: Part) -> tuple[Validation, FileSummary, Pending, str | None, int]:
    """In a forked worker: validate one part of a file into a spool file of its own."""
    mapping, strict, defined, spooling, seen = (
        _FORKED[k] for k in ("mapping", "strict", "defined", "spooling", "seen")
    )
    rule = mapping.files[index]
    ctx = Context(mapping, strict, **seen)
    fs = FileSummary("")
    state = _Pass(Validation(), Records(mapping.files), defined, spool=Spool(keep=True) if spooling else None)
    _validate_file(index, rule, ctx, state, fs, None, part)
    if state.spool is None:
        return state.result, fs, state.pending, None, 0
    state.spool.file.close()
    return state.result, fs, state.pending, state.spool.name, state.spool.items.get(index, 0)


def _validate_in_parallel(
    index: int,
    rule: FileRule,
    parts: list[Part],
    ctx: Context,
    state: _Pass,
    fs: FileSummary,
    progress: Progress | None,
) -> None:
    """Validate the parts of one file in forked processes and merge their results in file order."""
    result, spool = state.result, state.spool
    _FORKED.update(
        mapping=ctx.mapping,
        strict=ctx.strict,
        seen={
            "local_keys": ctx.local_keys,
            "local_names": ctx.local_names,
            "outlet_codes": ctx.outlet_codes,
            "permit_holders": ctx.permit_holders,
            "outlet_media": ctx.outlet_media,
            "holder_permits": ctx.holder_permits,
        },
        defined=state.defined,
        spooling=spool is not None,
    )
    try:
        with multiprocessing.get_context("fork").Pool(len(parts)) as pool:
            outcomes = pool.starmap(_validate_part, [(index, part) for part in parts])
    finally:
        _FORKED.clear()
    for (part_result, part_fs, part_pending, spool_name, items), part in zip(outcomes, parts, strict=True):
        result.merge(part_result)
        fs.rows_read += part_fs.rows_read
        fs.rejected += part_fs.rejected
        for flag, count in part_fs.flags.items():
            fs.flags[flag] = fs.flags.get(flag, 0) + count
        for key, (fname, record, count, prule) in part_pending.items():
            _note_reference(state.pending, key, fname, record, count, prule)
        if spool is not None and spool_name is not None:
            spool.append(spool_name, index, items)
        if progress is not None:
            progress(rule.path.name, part.end - part.start, rule.path.stat().st_size)


def _mark_all_referencing(mapping: Mapping, result: Validation, missing: set[tuple[str, str]], strict: bool) -> None:
    """Every row pointing at a missing node is invalid: reported, located, and one more rejected row of its file."""
    ctx = Context(mapping, strict)
    for index, rule in enumerate(mapping.files):
        for record, row in read_rows(rule, ctx):
            if record is None or isinstance(row, list):
                continue
            gone = missing_reference(row, missing)
            ident = (record.file, record.sheet, record.row, rule.entity)
            if gone is not None and ident not in result.bad_rows:  # (not a row refused already, a repeat)
                result.note([_missing(rule, record.row, *gone)])
                result.bad_rows.add(ident)
                result.files[index].rejected += 1
                result.invalid += 1


def _missing(rule: FileRule, row: int, fname: str, label: str, key: str) -> RowError:
    column = _column(rule, fname)
    expected = f"an existing {label} (in these files or the graph)"
    return RowError(rule.path.name, row, column, expected, key, rule.sheet)
