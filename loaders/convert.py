"""A source cell → the value a row field takes: the field's kind from its row model, the conversions a mapping
declares (units, code tables, lists, dates, look-ups), and the located errors (`RowError`) of a cell that is not
what the field needs. `loaders/read.py` applies them record by record."""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

from graph.model import Row
from loaders import normalise as n
from loaders.mapping import KEY_SEP, FieldRule, FileRule, Lookup, Mapping
from loaders.sources import SourceError, read_records
from loaders.tables import fold_name, names, resolve

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
    outlet_media: dict[tuple[str, str], str] = field(default_factory=dict)  # (owner, code) → the outlet's medium
    holder_permits: dict[str, str | None] = field(
        default_factory=dict
    )  # holder (owner key) → its permit (None: several)

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


def raw_value(rule: FieldRule, cells: dict[str, Any]) -> Any:
    if not rule.columns:
        return rule.const
    if rule.when is not None and n.clean_text(str(cells.get(rule.when[0], ""))) not in rule.when[1]:
        return ""  # the field does not apply to this row
    if rule.coalesce:
        value: Any = next((v for c in rule.columns if not _empty(rule, v := cells.get(c, ""))), "")
    elif len(rule.columns) == 1:
        value = cells.get(rule.columns[0], "")
    else:
        parts = [n.empty_to_none(str(cells.get(c, ""))) for c in rule.columns]
        value = rule.join.join(p for p in parts if p is not None)  # a placeholder part (/, 无, -) adds nothing
    return "" if rule.empty and _empty(rule, value) else value


def _empty(rule: FieldRule, value: Any) -> bool:
    """A cell that gives nothing for this field: empty, a placeholder (/, 无, -), or one of the field's own."""
    if value is None or isinstance(value, int | float | dt.date):
        return value is None
    text = n.clean_text(str(value))
    return n.empty_to_none(text) is None or text in rule.empty


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
    if rule.via and rule.by == "holder":
        holder = n.uppercase_code(text)
        if holder not in ctx.holder_permits:
            raise ValueError("the USCC of a permit holder (in the permit file, or holding a valid permit in the graph)")
        if (permit := ctx.holder_permits[holder]) is None:
            raise ValueError("a holder of one permit (this one holds several: give the permit number)")
        return permit
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
        number = n.parse_amount(text) if name.endswith(("_t", "_tpa")) else n.parse_number(text)
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
        return text  # converted together with its value in scale_units
    if name == "method":
        return n.canonical_method(text)
    if name == "frequency":
        return n.canonical_period(text)
    if name in _CODE_FIELDS:
        return n.uppercase_code(text)
    if name in _BY_NAME:
        return resolve(_BY_NAME[name], text, rule.within)
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
        and rule.direct
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


def compiled_fields(rule: FileRule, ctx: Context) -> list[tuple[str, FieldRule, str | None, Converter]]:
    """(field, rule, its single source column or None, converter) for each field of a file, built once."""
    key = id(rule)
    if key not in ctx.compiled:
        kinds = _field_kinds(rule.spec.row)
        ctx.compiled[key] = [
            (name, fr, fr.columns[0] if fr.direct else None, _converter(name, kinds[name], fr, ctx))
            for name, fr in rule.fields.items()
        ]
    return ctx.compiled[key]


def scale_units(values: dict[str, Any]) -> None:
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
IDENTIFIER_FLAGS = {"uscc_problem": "uscc", "number_problem": "number", "industry_problem": "industry_code"}


@cache
def checked_fields(model: type[Row]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The model's fields checked against code tables, and its identifier flags (computed once per model)."""
    return (
        tuple(f for f in _TABLE_FIELDS if f in model.model_fields),
        tuple(f for f in IDENTIFIER_FLAGS if f in model.model_fields),
    )


def check_tables(row: Row, fields: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """Codes that must exist in the bundled tables: (field, expected, found)."""
    problems = []
    for fname in fields:
        value = getattr(row, fname)
        table_name, expected = _TABLE_FIELDS[fname]
        if value is not None and value not in names(table_name):
            problems.append((fname, expected, value))
    return problems


def _looked_up(lookup: Lookup, key: str, ctx: Context) -> str:
    """The value `lookup`'s file gives `key` (the file is read once per pass)."""
    table = ctx.lookups.get(lookup)
    if table is None:
        table = ctx.lookups[lookup] = {}
        try:
            for record in read_records(lookup.path, sheet=lookup.sheet, encoding=lookup.encoding):
                parts = [n.empty_to_none(str(record.cells.get(c, ""))) for c in lookup.key]
                k = None if None in parts else KEY_SEP.join(p for p in parts if p is not None)
                v = n.empty_to_none(str(record.cells.get(lookup.value, "")))
                if k is not None and v is not None:
                    table.setdefault(k, v)
        except (SourceError, OSError) as exc:
            ctx.lookup_errors[lookup] = f"a key of {lookup.path.name}, which cannot be read ({exc})"
    if lookup in ctx.lookup_errors:  # every row says why, not only the first (the file is not read again)
        raise ValueError(ctx.lookup_errors[lookup])
    if key not in table:
        raise ValueError(f"a {' + '.join(lookup.key)} listed in {lookup.path.name}")
    return table[key]
