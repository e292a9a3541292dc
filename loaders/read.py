"""Source records → mapped, normalised, validated rows, with located errors (file, sheet, row, column,
expected, found). Used by both `permitgraph validate` and `permitgraph load`.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from graph.model import Row
from loaders import normalise as n
from loaders.mapping import FieldRule, FileRule, Mapping
from loaders.sources import Record, SourceError, read_records
from loaders.tables import names

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


@dataclass
class Context:
    """What one pass over a mapping remembers: local keys seen, for `via` joins across files."""

    mapping: Mapping
    strict: bool = False
    local_keys: dict[str, dict[str, str]] = field(default_factory=dict)  # entity → local key → natural key


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
    if rule.map:
        text = rule.map.get(text, text)
    if rule.pattern is not None:
        m = rule.pattern.search(text)
        if not m:
            raise ValueError(f"text matching {rule.pattern.pattern}")
        text = m.group(1) if m.groups() else m.group(0)
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
        number = n.parse_number(text)
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
    if (
        name
        in {"uscc", "enterprise_uscc", "parent_uscc", "holder_uscc", "from_uscc", "to_uscc", "number", "permit_number"}
        or name == "code"
    ):
        return n.uppercase_code(text)
    return text


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


def _check_tables(row: Row) -> list[tuple[str, str, str]]:
    """Codes that must exist in the bundled tables: (field, expected, found)."""
    problems = []
    region = getattr(row, "region_code", None)
    if region is not None and region not in names("regions"):
        problems.append(("region_code", "a GB/T 2260 code in the bundled table (loaders/codes/regions.csv)", region))
    industry = getattr(row, "industry_code", None)
    if industry is not None and industry not in names("industries"):
        problems.append(("industry_code", "a GB/T 4754 class in the bundled table", industry))
    return problems


def map_record(rule: FileRule, record: Record, ctx: Context) -> Row | list[RowError]:
    """One source record → a validated row, or every problem found in it."""
    errors: list[RowError] = []

    def err(column: str, expected: str, found: Any) -> None:
        errors.append(RowError(record.file, record.row, column, expected, str(found), record.sheet))

    values: dict[str, Any] = {}
    raws: dict[str, Any] = {}
    for name, frule in rule.fields.items():
        raw = raws[name] = _raw(frule, record.cells)
        try:
            value = _value(name, _kind(rule.spec.row.model_fields[name].annotation), frule, raw, ctx)
        except ValueError as exc:
            err(frule.label, str(exc), raw)
            continue
        if value is not None:
            values[name] = value
    if errors:
        return errors
    try:
        _scale_units(values)
    except ValueError as exc:
        err(rule.fields["unit"].label, str(exc), values.get("unit"))
        return errors
    try:
        row = rule.spec.row.model_validate(values)
    except ValidationError as exc:
        for e in exc.errors():
            top = str(e["loc"][0]) if e["loc"] else ""
            column = rule.fields[top].label if top in rule.fields else top or "(row)"
            found = raws.get(top) or "(empty)" if top else ", ".join(f"{k}={v}" for k, v in values.items())[:160]
            err(column, e["msg"].removeprefix("Value error, "), found)
        return errors
    for fname, expected, found in _check_tables(row):
        err(rule.fields[fname].label, expected, found)
    if ctx.strict:
        for flag in ("uscc_problem", "number_problem"):
            if getattr(row, flag, None):
                field_name = "uscc" if flag == "uscc_problem" else "number"
                err(
                    rule.fields[field_name].label,
                    f"a valid identifier (strict mode): {getattr(row, flag)}",
                    getattr(row, field_name),
                )
    if errors:
        return errors
    if rule.key is not None:
        local = n.empty_to_none(str(record.cells.get(rule.key, "")))
        if local is not None:
            ctx.local_keys.setdefault(rule.entity, {})[local] = _natural_key(row)
    return row


def _natural_key(row: Row) -> str:
    for attr in ("uscc", "number", "doc_number", "id", "manifest_no", "decision_number"):
        if hasattr(row, attr):
            return str(getattr(row, attr))
    return str(getattr(row, "key", ""))


def read_rows(
    rule: FileRule, ctx: Context, on_bytes: Callable[[int], None] | None = None
) -> Iterator[tuple[Record | None, Row | list[RowError]]]:
    """(record, row or errors) for every record of one mapped file; a file that cannot be read is one error."""
    try:
        first = True
        for record in read_records(
            rule.path, sheet=rule.sheet, encoding=rule.encoding, header_row=rule.header_row, on_bytes=on_bytes
        ):
            if first:
                first = False
                wanted = {c for f in rule.fields.values() for c in f.columns} | ({rule.key} if rule.key else set())
                if missing := sorted(wanted - set(record.cells)):
                    yield (
                        None,
                        [
                            RowError(
                                rule.path.name,
                                0,
                                c,
                                "a column of that name in the header",
                                "no such column",
                                record.sheet,
                            )
                            for c in missing
                        ],
                    )
                    return
            yield record, map_record(rule, record, ctx)
    except (SourceError, OSError) as exc:
        yield None, [RowError(rule.path.name, 0, "(file)", "a readable file", str(exc), rule.sheet)]
