"""Source records → mapped, normalised, validated rows, with located errors (file, sheet, row, column,
expected, found). Used by both `permitgraph validate` and `permitgraph load`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import types
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property, partial
from itertools import chain, islice
from operator import itemgetter
from typing import Any

from pydantic import ValidationError

from graph import model
from graph.model import CEILINGS, EARLIEST, Measurement, Row, last_observed_day, owner_key
from graph.relations import LABELS
from loaders import normalise as n
from loaders.mapping import FieldRule, FileRule, Lookup, Mapping
from loaders.sources import CSV_SUFFIXES, JSONL_SUFFIXES, Part, Record, SourceError, csv_rows, read_records
from loaders.tables import fold_name, names, resolve

JSONL_HEAD = 1000  # JSON Lines records whose keys tell the file's columns (optional keys may be absent from some)
_LIST_SPLIT = re.compile(r"[;；,，、/]")
_UNIT_SCALED = ("value", "concentration_max", "concentration_min")


@dataclass(frozen=True)
class RowError:
    """One located problem in a source file."""

    file: str
    row: int  # 1-based data row (the header is row 0)
    column: str
    expected: str
    found: str
    sheet: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}, sheet {self.sheet!r}" if self.sheet else self.file
        return f"{where}, row {self.row}, column {self.column!r}: expected {self.expected}; found {self.found!r}"


Converter = Callable[[Any], Any]


@dataclass
class Context:
    """What one pass over a mapping remembers: local keys seen (for `via` joins), compiled field converters."""

    mapping: Mapping
    strict: bool = False
    local_keys: dict[str, dict[str, str]] = field(default_factory=dict)  # entity → local key → natural key
    # entity → folded name → natural key, for `via … by = "name"` joins (None: several rows have that name)
    local_names: dict[str, dict[str, str | None]] = field(default_factory=dict)
    lookups: dict[Lookup, dict[str, str]] = field(default_factory=dict)  # each lookup file's key → value, read once
    lookup_errors: dict[Lookup, str] = field(default_factory=dict)  # lookup files that could not be read: why
    # (owner, local code) → the code an outlet is keyed by, for outlets a source gives both codes of: rows naming
    # the outlet by its local code (monitoring items do) then point at it
    outlet_codes: dict[tuple[str, str], str] = field(default_factory=dict)
    permit_holders: dict[str, tuple[str, str]] = field(default_factory=dict)  # permit number → (USCC, site)

    @cached_property
    def joined_by_name(self) -> frozenset[str]:
        """The entities some field joins by name: their rows' names are remembered as they are read."""
        return frozenset(f.via for r in self.mapping.files for f in r.fields.values() if f.via and f.by == "name")

    compiled: dict[int, list[tuple[str, FieldRule, str | None, Converter]]] = field(default_factory=dict)


def _kind(annotation: Any) -> str:
    """'date', 'float', 'int', 'bool', 'list' or 'str' for a model field's annotation (Optional unwrapped)."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        annotation = args[0] if args else str
    origin = typing.get_origin(annotation)
    if origin is list:
        return "list"
    if origin is typing.Annotated:
        return _kind(typing.get_args(annotation)[0])
    return {dt.date: "date", float: "float", int: "int", bool: "bool"}.get(annotation, "str")


@cache
def _field_kinds(model: type[Row]) -> dict[str, str]:
    """Each field's kind, computed once per model (typing introspection is slow per cell)."""
    return {name: _kind(f.annotation) for name, f in model.model_fields.items()}


def _raw(rule: FieldRule, cells: dict[str, Any]) -> Any:
    if not rule.columns:
        return rule.const
    if len(rule.columns) == 1:
        return cells.get(rule.columns[0], "")
    parts = [n.empty_to_none(str(cells.get(c, ""))) for c in rule.columns]
    return rule.join.join(p for p in parts if p is not None)  # a placeholder part (/, 无, -) adds nothing


class _FieldProblem(Exception):
    def __init__(self, column: str, expected: str, found: Any) -> None:
        super().__init__(expected)
        self.column, self.expected, self.found = column, expected, found


def _value(name: str, kind: str, rule: FieldRule, raw: Any, ctx: Context) -> Any:
    """Normalise one field; None means "no value"."""
    if isinstance(raw, dt.date | int | float) and not isinstance(raw, bool):
        if kind == "date" and not isinstance(raw, dt.date):
            if isinstance(raw, int | float) and 1e9 <= raw < 1e13:  # a Unix timestamp (JSON exports)
                return n.epoch_day(float(raw))
            raise ValueError("a date")
        if kind in {"float", "int"} and isinstance(raw, int | float):
            value: Any = float(raw)
            return value * n.canonical_unit(rule.unit).factor if rule.unit else value
        if isinstance(raw, dt.date):
            return n.parse_date(raw)
        raw = str(raw)
    text = n.empty_to_none(str(raw)) if raw is not None else None
    if text is None:
        return None
    if rule.lookup is not None:
        text = _looked_up(rule.lookup, text, ctx)
    if rule.map:
        text = rule.map.get(text, text)
    if rule.pattern is not None:
        m = rule.pattern.search(text)
        if not m:
            raise ValueError(f"text matching {rule.pattern.pattern}")
        text = m.group(1) if m.groups() else m.group(0)
    if rule.via and rule.by == "name":
        names = ctx.local_names.get(rule.via, {})
        folded = fold_name(text)
        if folded not in names:
            raise ValueError(f"a name found in the {rule.via} file")
        if (key := names[folded]) is None:
            raise ValueError(f"a name only one row of the {rule.via} file has (several have this one: give the code)")
        return key
    if rule.via:
        keys = ctx.local_keys.get(rule.via, {})
        if text not in keys:
            raise ValueError(f"a {rule.via} key defined in the {rule.via} file")
        return keys[text]
    if rule.outlet:
        national, local = n.split_outlet_code(text)
        return national if rule.outlet == "national" else local
    if rule.range:
        start, end = n.parse_date_range(text)
        return start if rule.range == "start" else end
    if kind == "date":
        return n.parse_date(text)
    if kind in {"float", "int"}:
        number = n.parse_amount(text) if name.endswith("_t") else n.parse_number(text)
        return number * n.canonical_unit(rule.unit).factor if rule.unit else number
    if kind == "bool":
        low = text.lower()
        if low in {"true", "yes", "1", "是", "y"}:
            return True
        if low in {"false", "no", "0", "否", "n"}:
            return False
        raise ValueError("true/false (是/否)")
    if kind == "list":
        return [p.strip() for p in _LIST_SPLIT.split(text) if p.strip()]
    if name.endswith("pollutant_code"):
        return n.pollutant_code(text, ctx.mapping.pollutants)
    if name == "unit":
        return text  # converted together with its value in _scale_units
    if name == "method":
        return n.canonical_method(text)
    if name == "frequency":
        return n.canonical_period(text)
    if name in _CODE_FIELDS:
        return n.uppercase_code(text)
    if name in _BY_NAME:
        return resolve(_BY_NAME[name], text)
    return text


# Fields whose code a source may give as its name, and the table the name is looked up in.
_BY_NAME = {"region_code": "regions", "industry_code": "industries"}


# Identifiers compared upper-cased; a facility's code and the links naming it (flows, EIA facilities) alike, so that
# a source's lower-case ids (UUIDs) still join.
_CODE_FIELDS = frozenset(
    {
        "uscc",
        "enterprise_uscc",
        "parent_uscc",
        "holder_uscc",
        "from_uscc",
        "to_uscc",
        "number",
        "permit_number",
        "code",
        "from_code",
        "to_code",
        "facility_code",
        "site",
        "source_code",
    }
)


def _converter(name: str, kind: str, rule: FieldRule, ctx: Context) -> Converter:
    """The normalisation of one field, chosen once per file: the plain cases skip the general dispatch."""

    def general(raw: Any) -> Any:
        return _value(name, kind, rule, raw, ctx)

    plain = (
        not (rule.map or rule.pattern or rule.via or rule.outlet or rule.range or rule.unit or rule.lookup)
        and len(rule.columns) == 1
    )
    if not plain:
        return general
    if name in _BY_NAME:
        return general
    if (
        kind == "str"
        and name not in _CODE_FIELDS
        and not name.endswith("pollutant_code")
        and name not in {"unit", "method", "frequency"}
    ):
        return lambda raw: n.empty_to_none(raw) if isinstance(raw, str) else general(raw)
    if kind == "str" and name in _CODE_FIELDS:

        def code(raw: Any) -> Any:
            if isinstance(raw, str):
                text = n.empty_to_none(raw)
                return None if text is None else n.uppercase_code(text)
            return general(raw)

        return code
    if name.endswith("pollutant_code") and not ctx.mapping.pollutants:

        def pollutant(raw: Any) -> Any:
            text = n.empty_to_none(raw) if isinstance(raw, str) else None
            return n.pollutant_code(text) if text is not None else general(raw)

        return pollutant
    if name in {"unit", "method", "frequency"}:
        finishers: dict[str, Callable[[str], str]] = {"method": n.canonical_method, "frequency": n.canonical_period}
        finish = finishers.get(name, str)

        def word(raw: Any) -> Any:
            if isinstance(raw, str):
                text = n.empty_to_none(raw)
                return None if text is None else finish(text)
            return general(raw)

        return word
    if kind == "date":

        def date(raw: Any) -> Any:
            if isinstance(raw, str) and len(raw) == 10 and raw[4] == "-" and raw.isascii():
                try:
                    return dt.date.fromisoformat(raw)
                except ValueError:
                    pass
            return general(raw)

        return date
    if kind == "float":

        def number(raw: Any) -> Any:
            if isinstance(raw, str) and raw.isascii():
                try:
                    return float(raw)
                except ValueError:
                    pass
            return general(raw)

        return number
    return general


def _compiled(rule: FileRule, ctx: Context) -> list[tuple[str, FieldRule, str | None, Converter]]:
    """(field, rule, its single source column or None, converter) for each field of a file, built once."""
    key = id(rule)
    if key not in ctx.compiled:
        kinds = _field_kinds(rule.spec.row)
        ctx.compiled[key] = [
            (name, fr, fr.columns[0] if len(fr.columns) == 1 else None, _converter(name, kinds[name], fr, ctx))
            for name, fr in rule.fields.items()
        ]
    return ctx.compiled[key]


def _scale_units(values: dict[str, Any]) -> None:
    """A value with a unit is converted to the canonical unit (μg/m3 → mg/m3 ×0.001)."""
    if values.get("unit") is None:
        return
    unit = n.canonical_unit(values["unit"])
    values["unit"] = unit.unit
    if unit.factor != 1.0:
        for key in _UNIT_SCALED:
            if isinstance(values.get(key), float):
                values[key] = values[key] * unit.factor


_TABLE_FIELDS = {
    "region_code": ("regions", "a GB/T 2260 code in the bundled table (loaders/codes/regions.csv)"),
}
_FLAGS = {"uscc_problem": "uscc", "number_problem": "number", "industry_problem": "industry_code"}


@cache
def _checked_fields(model: type[Row]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The model's fields checked against code tables, and its identifier flags (computed once per model)."""
    return (
        tuple(f for f in _TABLE_FIELDS if f in model.model_fields),
        tuple(f for f in _FLAGS if f in model.model_fields),
    )


def _check_tables(row: Row, fields: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """Codes that must exist in the bundled tables: (field, expected, found)."""
    problems = []
    for fname in fields:
        value = getattr(row, fname)
        table_name, expected = _TABLE_FIELDS[fname]
        if value is not None and value not in names(table_name):
            problems.append((fname, expected, value))
    return problems


def map_record(rule: FileRule, record: Record, ctx: Context) -> Row | list[RowError]:
    """One source record → a validated row, or every problem found in it."""
    errors: list[RowError] = []

    def err(column: str, expected: str, found: Any) -> None:
        errors.append(RowError(record.file, record.row, column, expected, str(found), record.sheet))

    values: dict[str, Any] = {}
    assumed: list[str] = []
    ambiguous: dict[str, n.AmbiguousPollutant] = {}
    cells = record.cells
    for name, frule, single, convert in _compiled(rule, ctx):
        raw = cells.get(single, "") if single is not None else _raw(frule, cells)
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
        medium = n.medium_of(values.get("outlet_code"), values.get("unit"))
        if medium in which.by_medium:
            values[name] = which.by_medium[medium]
        else:
            err(rule.fields[name].label, str(which), which.name)
    if errors:
        return errors
    try:
        _scale_units(values)
    except ValueError as exc:
        err(rule.fields["unit"].label, str(exc), values.get("unit"))
        return errors
    if ctx.outlet_codes or ctx.permit_holders:
        _resolve_owned(rule.spec.row, values, ctx)
    if (industry := values.get("industry_code")) is not None and industry not in names("industries"):
        values["industry_problem"] = "expected a GB/T 4754 code the bundled table holds (loaders/codes/industries.csv)"
        values["industry_name"], values["industry_code"] = str(industry), None
    try:
        row = rule.spec.row.model_validate(values)
    except ValidationError as exc:
        for e in exc.errors():
            top = str(e["loc"][0]) if e["loc"] else ""
            column = rule.fields[top].label if top in rule.fields else top or "(row)"
            found = (
                (_raw(rule.fields[top], cells) if top in rule.fields else "") or "(empty)"
                if top
                else ", ".join(f"{k}={v}" for k, v in values.items())[:160]
            )
            expected = "a value (the field is required)" if e["type"] == "missing" else e["msg"]
            err(column, expected.removeprefix("Value error, "), found)
        return errors
    table_fields, flags = _checked_fields(rule.spec.row)
    for fname, expected, found in _check_tables(row, table_fields):
        err(rule.fields[fname].label, expected, found)
    if ctx.strict:
        for flag in flags:
            if getattr(row, flag):
                field_name = _FLAGS[flag] if _FLAGS[flag] in rule.fields else "enterprise_uscc"
                err(
                    rule.fields[field_name].label,
                    f"a valid identifier (strict mode): {getattr(row, flag)}",
                    getattr(row, field_name) or getattr(row, "industry_name", ""),
                )
    if errors:
        return errors
    if rule.key is not None:
        local = n.empty_to_none(str(record.cells.get(rule.key, "")))
        if local is not None:
            ctx.local_keys.setdefault(rule.entity, {})[local] = _natural_key(row)
    if isinstance(row, model.Outlet) and row.local_code and row.local_code != row.code:
        ctx.outlet_codes[(row.owner, row.local_code)] = row.code
    elif isinstance(row, model.Permit) and (row.site or not row.number.startswith(row.enterprise_uscc)):
        ctx.permit_holders[row.number] = (row.enterprise_uscc, row.site)
    if rule.entity in ctx.joined_by_name:
        seen = ctx.local_names.setdefault(rule.entity, {})
        folded, key = fold_name(str(getattr(row, "name", ""))), _natural_key(row)
        seen[folded] = key if seen.get(folded, key) == key else None
    return row.assuming(tuple(assumed)) if assumed else row


@cache
def _outlet_fields(row_model: type[Row]) -> tuple[str, ...]:
    """The fields of a row naming an outlet of its owner: its `Ref`s to an outlet (or to a facility or outlet by
    code prefix), as the row model declares them."""
    return tuple(name for name, ref in model.refs_of(row_model) if ref.label in ("Outlet", model.SITE))


def _resolve_owned(row_model: type[Row], values: dict[str, Any], ctx: Context) -> None:
    """Point a row naming an outlet by its local code at the outlet (keyed by its national code); a limit of a
    site's permit belongs to that site, and of a permit in an older form to the permit's holder."""
    fields = _outlet_fields(row_model)
    if not fields:
        return
    if row_model is model.PermitLimit:
        number = str(values.get("permit_number", ""))
        if (holder := ctx.permit_holders.get(number)) is not None:
            values.setdefault("holder", holder[0])
            values.setdefault("site", holder[1])
        owner = owner_key(str(values.get("holder") or number[:18]), str(values.get("site") or ""))
    else:
        split = model.split_owner(values)  # a site key given as the USCC, as the row model splits it
        owner = owner_key(str(split.get("enterprise_uscc", "")), str(split.get("site") or ""))
    for name in fields:
        code = values.get(name)
        if isinstance(code, str) and (keyed := ctx.outlet_codes.get((owner, code))) is not None:
            values[name] = keyed


def _looked_up(lookup: Lookup, key: str, ctx: Context) -> str:
    """The value `lookup`'s file gives `key` (the file is read once per pass)."""
    table = ctx.lookups.get(lookup)
    if table is None:
        table = ctx.lookups[lookup] = {}
        try:
            for record in read_records(lookup.path, sheet=lookup.sheet, encoding=lookup.encoding):
                k = n.empty_to_none(str(record.cells.get(lookup.key, "")))
                v = n.empty_to_none(str(record.cells.get(lookup.value, "")))
                if k is not None and v is not None:
                    table.setdefault(k, v)
        except (SourceError, OSError) as exc:
            ctx.lookup_errors[lookup] = f"a key of {lookup.path.name}, which cannot be read ({exc})"
    if lookup in ctx.lookup_errors:  # every row says why, not only the first (the file is not read again)
        raise ValueError(ctx.lookup_errors[lookup])
    if key not in table:
        raise ValueError(f"a {lookup.key} listed in {lookup.path.name}")
    return table[key]


def _natural_key(row: Row) -> str:
    """The key of the node a row states, by its label's key property (graph/relations.py)."""
    key = LABELS[row.NODE].key if row.NODE else "key"
    return str(getattr(row, key, None) or getattr(row, "key", ""))


_VARYING = ("date", "value")  # the fields of a monitoring row that change from row to row
MEMO_MAX = 100_000  # distinct (enterprise, outlet, pollutant, unit, basis, method) contexts remembered per file


def _by_field(rule: FileRule, ctx: Context) -> dict[str, tuple[FieldRule, str | None, Converter]]:
    """`_compiled` by field name: (rule, single source column or None, converter)."""
    return {name: (frule, single, convert) for name, frule, single, convert in _compiled(rule, ctx)}


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
        key = tuple(cells.get(single, "") if single is not None else _raw(frule, cells) for single, frule in context)
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
        and all(f.default is None and f.lookup is None for f in rule.fields.values())
        and all(len(f.columns) <= 1 for f in rule.fields.values())
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
    wanted = {c for f in rule.fields.values() if not f.optional for c in f.columns}
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
    text = convert(cells.get(single, "") if single is not None else _raw(frule, cells))
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
            wanted = {c for f in rule.fields.values() if not f.optional for c in f.columns}
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
