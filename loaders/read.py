"""Source records → mapped, normalised, validated rows, with located errors (file, sheet, row, column,
expected, found). Used by both `permitgraph validate` and `permitgraph load`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, partial
from itertools import chain, islice
from operator import itemgetter
from typing import Any

from pydantic import ValidationError

from graph import model
from graph.model import CEILINGS, EARLIEST, Measurement, Row, last_observed_day, owner_key
from loaders import normalise as n
from loaders.convert import (
    IDENTIFIER_FLAGS,
    Context,
    Converter,
    RowError,
    check_tables,
    checked_fields,
    compiled_fields,
    raw_value,
    scale_units,
)
from loaders.mapping import FieldRule, FileRule
from loaders.partial import natural_key, partial_model
from loaders.sources import CSV_SUFFIXES, JSONL_SUFFIXES, Part, Record, SourceError, csv_rows, read_records
from loaders.tables import fold_name, names

__all__ = ["Context", "RowError", "map_record", "read_rows"]

JSONL_HEAD = 1000  # JSON Lines records whose keys tell the file's columns (optional keys may be absent from some)


def map_record(rule: FileRule, record: Record, ctx: Context) -> Row | list[RowError]:
    """One source record → a validated row, or every problem found in it."""
    errors: list[RowError] = []

    def err(column: str, expected: str, found: Any) -> None:
        errors.append(RowError(record.file, record.row, column, expected, str(found), record.sheet))

    values: dict[str, Any] = {}
    assumed: list[str] = []
    ambiguous: dict[str, n.AmbiguousPollutant] = {}
    cells = record.cells
    for name, frule, single, convert in compiled_fields(rule, ctx):
        raw = cells.get(single, "") if single is not None else raw_value(frule, cells)
        try:
            value = convert(raw)
            if value is None and frule.default is not None:
                value = convert(frule.default)
                assumed.append(name)
        except n.AmbiguousPollutant as exc:  # the row's outlet or unit says which (after every field is read)
            ambiguous[name] = exc
            continue
        except ValueError as exc:
            if name == "industry_code":  # kept as given and flagged (see _flag_industry)
                values["industry_name"], values["industry_problem"] = n.clean_text(str(raw)), f"expected {exc}"
                continue
            err(frule.label, str(exc), raw)
            continue
        if value is not None:
            values[name] = value
    for name, which in ambiguous.items():
        medium = _medium(rule, values, ctx)
        if medium in which.by_medium:
            values[name] = which.by_medium[medium]
        else:
            err(rule.fields[name].label, str(which), which.name)
    if errors:
        return errors
    try:
        scale_units(values)
    except ValueError as exc:
        err(rule.fields["unit"].label, str(exc), values.get("unit"))
        return errors
    if ctx.outlet_codes or ctx.permit_holders:
        _resolve_owned(rule.spec.row, values, ctx)
    if (industry := values.get("industry_code")) is not None and industry not in names("industries"):
        values["industry_problem"] = "expected a GB/T 4754 code the bundled table holds (loaders/codes/industries.csv)"
        values["industry_name"], values["industry_code"] = str(industry), None
    try:
        row = (partial_model(rule.spec.row) if rule.adds else rule.spec.row).model_validate(values)
    except ValidationError as exc:
        for e in exc.errors():
            top = str(e["loc"][0]) if e["loc"] else ""
            column = rule.fields[top].label if top in rule.fields else top or "(row)"
            found = (
                (raw_value(rule.fields[top], cells) if top in rule.fields else "") or "(empty)"
                if top
                else ", ".join(f"{k}={v}" for k, v in values.items())[:160]
            )
            expected = "a value (the field is required)" if e["type"] == "missing" else e["msg"]
            err(column, expected.removeprefix("Value error, "), found)
        return errors
    table_fields, flags = checked_fields(rule.spec.row)
    for fname, expected, found in check_tables(row, table_fields):
        err(rule.fields[fname].label, expected, found)
    if ctx.strict:
        for flag in flags:
            if getattr(row, flag):
                field_name = IDENTIFIER_FLAGS[flag] if IDENTIFIER_FLAGS[flag] in rule.fields else "enterprise_uscc"
                err(
                    rule.fields[field_name].label,
                    f"a valid identifier (strict mode): {getattr(row, flag)}",
                    getattr(row, field_name) or getattr(row, "industry_name", ""),
                )
    if errors:
        return errors
    row.silencing(_unstated(row) if rule.adds else _unmapped(rule.spec.row, rule.mapped) - row.model_fields_set)
    if rule.key is not None:
        local = n.empty_to_none(str(record.cells.get(rule.key, "")))
        if local is not None:
            ctx.local_keys.setdefault(rule.entity, {})[local] = natural_key(row)
    if isinstance(row, model.Outlet) and row.medium:
        ctx.outlet_media[(row.owner, row.code)] = row.medium
    if isinstance(row, model.Outlet) and row.local_code and row.local_code != row.code:
        ctx.outlet_codes[(row.owner, row.local_code)] = row.code
    elif isinstance(row, model.Permit):
        if row.site or not row.number.startswith(row.enterprise_uscc):
            ctx.permit_holders[row.number] = (row.enterprise_uscc, row.site)
        held = ctx.holder_permits
        held[row.owner] = row.number if held.get(row.owner, row.number) == row.number else None
    if rule.entity in ctx.joined_by_name:
        seen = ctx.local_names.setdefault(rule.entity, {})
        folded, key = fold_name(str(getattr(row, "name", ""))), natural_key(row)
        seen[folded] = key if seen.get(folded, key) == key else None
    return row.assuming(tuple(assumed)) if assumed else row


@cache
def _unmapped(row_model: type[Row], mapped: frozenset[str]) -> frozenset[str]:
    """The fields an entry's rows say nothing about: no column of it maps them and they default to nothing (a
    default of its own, such as an empty list, is still written)."""
    return frozenset(
        name
        for name, info in row_model.model_fields.items()
        if name not in mapped
        and not info.is_required()
        and info.default_factory is None
        and (info.default is None or info.default is False or info.default == "")
    )


def _unstated(row: Row) -> frozenset[str]:
    """The fields a partial row leaves empty: it says nothing about them."""
    return frozenset(name for name in type(row).model_fields if getattr(row, name) in (None, "", []))


@cache
def _outlet_fields(row_model: type[Row]) -> tuple[str, ...]:
    """The fields of a row naming an outlet of its owner: its `Ref`s to an outlet (or to a facility or outlet by
    code prefix), as the row model declares them."""
    return tuple(name for name, ref in model.refs_of(row_model) if ref.label in ("Outlet", model.SITE))


def _resolve_owned(row_model: type[Row], values: dict[str, Any], ctx: Context) -> None:
    """Point a row naming an outlet by its local code at the outlet (keyed by its national code), an outlet row
    giving only that local code included; a limit of a site's permit belongs to that site, and of a permit in an
    older form to the permit's holder."""
    if row_model is model.Outlet:  # an outlet row giving only the local code another row keys by the national one
        code, local, owner = values.get("code"), values.get("local_code"), _owner(values)
        given = local if not code else code if not local else None  # the one code the row gives
        if isinstance(given, str) and (keyed := ctx.outlet_codes.get((owner, given))) is not None:
            values["code"], values["local_code"] = keyed, given
        return
    fields = _outlet_fields(row_model)
    if not fields:
        return
    owner = _row_owner(row_model, values, ctx)
    for name in fields:
        code = values.get(name)
        if isinstance(code, str) and (keyed := ctx.outlet_codes.get((owner, code))) is not None:
            values[name] = keyed


def _row_owner(row_model: type[Row], values: dict[str, Any], ctx: Context) -> str:
    """Who owns the outlets a row names: its enterprise or site, or for a permit's limit the permit's holder."""
    if row_model is not model.PermitLimit:
        return _owner(values)
    number = str(values.get("permit_number", ""))
    if (holder := ctx.permit_holders.get(number)) is not None:
        values.setdefault("holder", holder[0])
        values.setdefault("site", holder[1])
    return owner_key(str(values.get("holder") or number[:18]), str(values.get("site") or ""))


def _medium(rule: FileRule, values: dict[str, Any], ctx: Context) -> str | None:
    """The medium a row's pollutant name means (镍, 氟化物: water or air): the row's own medium, its outlet's (as
    an outlet row of this load gives it, or its code's prefix), its unit's family, else the entry's `medium`."""
    if isinstance(own := values.get("medium"), str):
        return own
    code = values.get("outlet_code")
    owner = _row_owner(rule.spec.row, dict(values), ctx)
    if isinstance(code, str) and (known := ctx.outlet_media.get((owner, code))) is not None:
        return known
    return n.medium_of(code, values.get("unit")) or rule.medium


def _owner(values: dict[str, Any]) -> str:
    """The owner a row's values name (a site key given as the USCC split as the row model splits it)."""
    split = model.split_owner(values)
    return owner_key(str(split.get("enterprise_uscc", "")), str(split.get("site") or ""))


_VARYING = ("date", "value")  # the fields of a monitoring row that change from row to row
MEMO_MAX = 100_000  # distinct (enterprise, outlet, pollutant, unit, basis, method) contexts remembered per file


def _by_field(rule: FileRule, ctx: Context) -> dict[str, tuple[FieldRule, str | None, Converter]]:
    """`compiled_fields` by field name: (rule, single source column or None, converter)."""
    return {name: (frule, single, convert) for name, frule, single, convert in compiled_fields(rule, ctx)}


def _measurement_mapper(rule: FileRule, ctx: Context) -> Callable[[Record], Row | list[RowError]]:
    """`map_record` for monitoring rows, memoised on the fields that repeat.

    A monitoring file repeats one enterprise, outlet, pollutant, unit, basis and method on hundreds of rows and
    only the date and value change. The first valid row of each such context goes through `map_record` and is
    remembered as a `Series`; later rows convert just the date and value, with the same converters, and come out
    as that row with them. Anything unusual (a converter failing or giving no value) falls back to `map_record`,
    so rows and errors are exactly those of the general path (tests/test_fast_path.py checks it on generated ugly
    rows). `read_measurements` does the same for plain CSVs without making records.
    """
    compiled = _by_field(rule, ctx)
    if any(name not in compiled or compiled[name][1] is None for name in _VARYING):
        return partial(map_record, rule, ctx=ctx)
    (_, date_col, to_date), (_, value_col, to_value) = compiled["date"], compiled["value"]
    assert date_col is not None and value_col is not None
    context = [(single, frule) for name, (frule, single, _) in compiled.items() if name not in _VARYING]
    unit = compiled.get("unit")
    memo: dict[tuple[Any, ...], Series] = {}

    def mapper(record: Record) -> Row | list[RowError]:
        cells = record.cells
        key = tuple(
            cells.get(single, "") if single is not None else raw_value(frule, cells) for single, frule in context
        )
        series = memo.get(key)
        if series is None:
            row = map_record(rule, record, ctx)
            if isinstance(row, Measurement) and len(memo) < MEMO_MAX:
                memo[key] = Series.of(row, _unit_factor(unit, cells))
            return row
        reading = series.reading(to_date, to_value, cells.get(date_col, ""), cells.get(value_col, ""))
        if reading is None:
            return map_record(rule, record, ctx)  # the general path reports the problem, located
        return series.row.model_copy(update={"date": reading[0], "value": reading[1]})

    return mapper


@dataclass(frozen=True, eq=False)  # eq=False: hashed by identity, so consumers can key their own caches on it
class Series:
    """What a run of monitoring rows shares once validated: the first valid row (its enterprise, outlet,
    pollutant, unit, basis and method hold for the whole run) and the factor to the canonical unit."""

    row: Measurement
    factor: float
    ceiling: float = math.inf  # the largest possible value (pH: 14)
    latest: dt.date = dt.date.max  # the last day a value may be dated (tomorrow)

    @classmethod
    def of(cls, row: Measurement, factor: float) -> Series:
        return cls(row, factor, CEILINGS.get(row.pollutant_code, math.inf), last_observed_day())

    def reading(self, to_date: Converter, to_value: Converter, date: str, value: str) -> tuple[dt.date, float] | None:
        """A later row's date and value (in the canonical unit), or None when the general path must judge it:
        anything the model would refuse (a value not finite, a day outside the window) goes there, so the error is
        the model's, located; so does an implausible value (negative, above its ceiling), which the model takes and
        the sink keeps apart."""
        try:
            day, number = to_date(date), to_value(value)
        except ValueError:
            return None
        if type(day) is not dt.date or type(number) is not float:
            return None
        if self.factor != 1.0:
            number *= self.factor
        if not (0.0 <= number <= self.ceiling and number != math.inf) or not EARLIEST <= day <= self.latest:
            return None  # NaN fails every comparison
        return day, number


FastRow = tuple[int, Series, dt.date, float]  # (row number, series, date, value in the canonical unit)


def reads_measurements_fast(rule: FileRule) -> bool:
    """Whether `read_measurements` can read this file: monitoring rows in a CSV whose fields each come from one
    column (or a constant), with no local key to remember."""
    return (
        rule.spec.row is Measurement
        and rule.path.suffix.lower() in CSV_SUFFIXES
        and rule.key is None
        and not rule.where
        and all(f.default is None and f.lookup is None and (f.direct or not f.columns) for f in rule.fields.values())
        and all(len(rule.fields[name].columns) == 1 for name in _VARYING if name in rule.fields)
        and all(name in rule.fields for name in _VARYING)
    )


def read_measurements(
    rule: FileRule, ctx: Context, on_bytes: Callable[[int], None] | None = None, part: Part | None = None
) -> Iterator[FastRow | tuple[Record | None, Row | list[RowError]]]:
    """`read_rows` for a monitoring CSV (see `reads_measurements_fast`), several times faster on large files.

    A row whose context cells (all but date and value) were seen before on a valid row is not turned into a
    record or a model: its date and value go through the same converters and it comes out as a `FastRow` of the
    remembered `Series`. Every other row comes out as `read_rows` gives it, so rows and errors are exactly
    those of the general path (tests/test_fast_path.py checks it on generated ugly rows).
    """
    compiled = _by_field(rule, ctx)
    (_, date_col, to_date), (_, value_col, to_value) = compiled["date"], compiled["value"]
    context = [single for name, (_, single, _) in compiled.items() if name not in _VARYING and single is not None]
    wanted = {c for f in rule.fields.values() if not f.optional for c in _columns_of(f)}
    unit = compiled.get("unit")
    memo: dict[Any, Series] = {}
    name = rule.path.name
    try:
        rows = csv_rows(rule.path, rule.encoding, on_bytes, part)
        _, header = next(rows, (0, []))
        index = {h: i for i, h in enumerate(header)}  # a repeated header: the last one wins, as in a record
        width = len(header)
        if missing := sorted(wanted - set(header)):
            if next(rows, None) is not None:  # as `read_rows`: a file without rows has no header to complain of
                expected = "a column of that name in the header"
                yield None, [RowError(name, 0, c, expected, "no such column") for c in missing]
            return
        assert date_col is not None and value_col is not None
        context = [c for c in context if c in index]  # an optional column the file lacks is empty on every row
        key_of = itemgetter(*(index[c] for c in context)) if context else (lambda _: ())
        at_date, at_value = index[date_col], index[value_col]
        for n, values in rows:
            if len(values) == width and (series := memo.get(key_of(values))) is not None:
                reading = series.reading(to_date, to_value, values[at_date], values[at_value])
                if reading is not None:
                    yield n, series, *reading
                    continue
            record = Record(dict(zip(header, values, strict=False)), name, n)
            row = map_record(rule, record, ctx)
            if isinstance(row, Measurement) and len(values) == width and len(memo) < MEMO_MAX:
                memo[key_of(values)] = Series.of(row, _unit_factor(unit, record.cells))
            yield record, row
    except (SourceError, OSError) as exc:
        yield None, [_file_error(name, exc, rule.sheet)]


def _unit_factor(unit: tuple[FieldRule, str | None, Converter] | None, cells: dict[str, Any]) -> float:
    """The factor a row's unit cell converts values by (μg/m3 → mg/m3: 0.001), with the file's unit converter."""
    if unit is None:
        return 1.0
    frule, single, convert = unit
    text = convert(cells.get(single, "") if single is not None else raw_value(frule, cells))
    return n.canonical_unit(text).factor if isinstance(text, str) else 1.0


def read_rows(
    rule: FileRule, ctx: Context, on_bytes: Callable[[int], None] | None = None, part: Part | None = None
) -> Iterator[tuple[Record | None, Row | list[RowError]]]:
    """(record, row or errors) for every record of one mapped file; a file that cannot be read is one error."""
    mapper = _measurement_mapper(rule, ctx) if rule.spec.row is Measurement else partial(map_record, rule, ctx=ctx)
    try:
        records = read_records(
            rule.path,
            sheet=rule.sheet,
            encoding=rule.encoding,
            header_row=rule.header_row,
            on_bytes=on_bytes,
            part=part,
        )
        # The columns a file has: its header (every CSV and sheet record carries every header column, empty when
        # the row stops short); JSON Lines has none, so the keys any of its first records use.
        head = list(islice(records, JSONL_HEAD if rule.path.suffix.lower() in JSONL_SUFFIXES else 1))
        if head:
            columns = set().union(*(r.cells for r in head))
            wanted = {c for f in rule.fields.values() if not f.optional for c in _columns_of(f)}
            wanted |= {rule.key} if rule.key else set()
            wanted |= set(rule.where)
            if missing := sorted(wanted - columns):
                expected = "a column of that name in the header"
                yield None, [RowError(rule.path.name, 0, c, expected, "no such column", head[0].sheet) for c in missing]
                return
        for record in chain(head, records):
            if rule.where and not _selected(rule.where, record):
                continue  # a row of another kind (the mapping's `where`): not this entity's
            yield record, mapper(record)
    except (SourceError, OSError) as exc:
        yield None, [_file_error(rule.path.name, exc, rule.sheet)]


def _columns_of(rule: FieldRule) -> tuple[str, ...]:
    """The columns a field reads: its own, and the one its `when` looks at."""
    return rule.columns + ((rule.when[0],) if rule.when is not None else ())


def _selected(where: dict[str, frozenset[str]], record: Record) -> bool:
    for column, values in where.items():
        cell = record.cells.get(column)
        if cell is None or n.clean_text(str(cell)) not in values:
            return False
    return True


def _file_error(name: str, exc: Exception, sheet: str | None) -> RowError:
    """A file that could not be read on, as one located error (the row where reading stopped, or 0)."""
    message = str(exc) if isinstance(exc, SourceError) else f"{name}: {getattr(exc, 'strerror', None) or exc}"
    row = exc.row if isinstance(exc, SourceError) else 0
    return RowError(name, row, "(file)", "a readable file", message, sheet)
