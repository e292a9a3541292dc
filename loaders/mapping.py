"""Column mappings: how a source file's columns become the fields of a layout entity.

A mapping file (TOML) lists source files, each mapped to one entity of the default layout (`loaders/layout.py`):

    [context]                          # what every entry means unless it says otherwise
    region = "天津市"                   # district names are this region's first (和平区: 120101, not Shenyang's)
    medium = "water"                   # a pollutant name two media share, where the row's outlet does not say

    [pollutants]                       # extra pollutant names → HJ 212 or local codes, beside the bundled dictionary;
                                       # "local": a pollutant outside HJ 212, given a stable local code (x + 6 hex)
    "甲基丙烯酸甲酯" = "local"
    "颗粒物" = "xa003"                  # kept apart from 烟尘 (a34013), where the source's plans list both
    "镍" = { water = "w20121", air = "a20063" }  # a code per medium

    [[files]]
    entity = "enterprises"             # layout entity: a layout file name without .csv
    path = "企业信息.xlsx"              # relative to the mapping file
    sheet = "企业"                      # xlsx: which sheet (default: the first)
    encoding = "gb18030"               # csv/jsonl: override the detected encoding
    header_row = 1                     # xlsx: the row holding the headers
    key = "污染源编码"                   # a local source key other files can join on (see `via`)
    where = { "记录类型" = ["环评批复", "环评审批"] }  # only the rows whose cell reads one of these (a sheet
                                       # mixing EIA approvals and completion acceptances); a string for one value
    [files.columns]
    uscc = "统一社会信用代码"             # field = source column
    name = { column = "单位名称" }
    management_class = { column = "管理类别", map = { "重点管理" = "key", "简化管理" = "simplified" } }
                                       # map keys as the cells read: compared after the same folding (NFKC, spaces)
    address = { columns = ["省", "市", "详细地址"], join = "" }   # several columns into one field
    industry_code = { column = "行业类别", pattern = "(\\d{4})" }  # first regex group
    medium = { const = "air" }         # a constant

    [[files]]
    entity = "sites"                   # a register of discharge sites (one USCC may run several)
    path = "排污单位.xlsx"
    key = "污染源编码"
    [files.columns]
    site = "污染源编码"                  # the site's id; its company is enterprise_uscc
    enterprise_uscc = "统一社会信用代码"
    …

    [[files]]
    entity = "outlets"
    path = "排放口.csv"
    [files.columns]
    enterprise_uscc = { column = "污染源编码", via = "enterprises" }  # local key → the enterprise's USCC
                                       # (via = "sites": → "<USCC>/<site>", the row's company and site at once)
    code = { column = "排放口编号", outlet = "national" }     # DA001 from "DA001(FQ001)"
    local_code = { column = "排放口编号", outlet = "local" }  # FQ001 from the same cell
    valid_from = { column = "有效期限", range = "start" }     # "2020-07-27至2023-07-26"
    annual_amount_t = { column = "许可排放量(kg)", unit = "kg" }  # converted to t
    code = { coalesce = ["国家编码", "地方编码", "自编号"] }  # the first column that is not empty
    destination = { column = "排放去向", empty = ["其他", "不详"] }  # values meaning "not given" for this field
    standard = { column = "执行标准", when = { column = "介质", is = ["废水"] } }  # only where 介质 reads 废水

    [[files]]
    entity = "outlets"
    path = "排放去向.xlsx"
    adds = true                        # adds fields to outlets other entries (or the graph) state: it maps what
                                       # names them (enterprise_uscc, code) and what it adds; an empty cell erases
                                       # nothing; a row naming an outlet nobody states is refused
    prefer = "other"                   # a field this entry and another state differently: the other's value
                                       # stays ("this": this entry's wins; absent: the row is refused), and the
                                       # load summary lists each such conflict with both values and rows
    [files.columns]
    enterprise_uscc = "统一社会信用代码"
    code = "排放口编号"
    destination = "排放去向"

    [[files]]
    entity = "permits"
    path = "许可证.csv"
    [files.columns]
    enterprise_uscc = { column = "单位名称", via = "enterprises", by = "name" }  # a file without the USCC
    # (permit_limits) outlet-level permitted amounts in a sheet without the permit number: the holder's one permit
    # (stated in the files, or held valid in the graph; a holder of several is an error naming them)
    permit_number = { column = "统一社会信用代码", via = "permits", by = "holder" }
    status = { column = "状态", default = "valid" }  # an empty (or absent) cell: the node's `assumed` lists it
    authority = { column = "项目编号", lookup = { path = "项目.xlsx", key = "编号", value = "审批部门" } }
                                       # the value another file (sheet = …) gives this key
    authority = { columns = ["编号", "年份"], lookup = { path = "项目.xlsx", key = ["编号", "年份"], value = "部门" } }
                                       # … or this key of several parts (as many columns as key columns)
    # an entry's own `region = "…"` or `medium = "air"` beside path: the [context] for it alone

Without a mapping file, a folder in the default layout is read with the identity mapping (`default_mapping`).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from loaders.layout import LAYOUT, FileSpec
from loaders.normalise import clean_text
from loaders.partial import key_fields
from loaders.tables import resolve


class MappingError(ValueError):
    """A mapping file that does not say what it must."""


@dataclass(frozen=True)
class Lookup:
    """A value found in another file (or sheet) by a key: `lookup = { path, sheet, key, value }`."""

    path: Path
    key: tuple[str, ...]  # the column(s) holding the keys: several for a key of several parts (the field's columns)
    value: str  # the column holding the values
    sheet: str | None = None
    encoding: str | None = None


@dataclass(frozen=True)
class FieldRule:
    columns: tuple[str, ...] = ()
    const: Any = None
    join: str = " "
    map: dict[str, str] = field(default_factory=dict)
    pattern: re.Pattern[str] | None = None
    via: str | None = None  # entity whose `key` column translates this value into its natural key
    outlet: str | None = None  # "national" or "local" part of an outlet code cell
    range: str | None = None  # "start" or "end" of a date range cell
    unit: str | None = None  # the source unit of a numeric field (converted to the field's canonical unit)
    # what `via` matches: the entity file's local `key` column, its rows' `name`, or (via permits) the holder's USCC
    by: str = "key"
    lookup: Lookup | None = None  # the cell is a key of another file; the value is that file's value column
    default: str | None = None  # the value when the cell is empty: used, and the row's `assumed` says so
    coalesce: bool = False  # `columns` are alternatives: the first that is not empty gives the value
    empty: frozenset[str] = frozenset()  # values that mean "not given" for this field only (其他, 未监测)
    # the field applies only to rows whose `when` column holds one of these values (else it is not given)
    when: tuple[str, frozenset[str]] | None = None
    within: str | None = None  # region_code: the region whose divisions a name means first (the mapping's context)
    # The column may be absent from the file (the default layout's optional fields): how the file is read, not
    # what the rule maps, so rules compare equal without it.
    optional: bool = field(default=False, compare=False)

    @property
    def label(self) -> str:
        """How errors name the source of this field."""
        return (" or " if self.coalesce else "+").join(self.columns) if self.columns else "(constant)"

    @property
    def direct(self) -> bool:
        """Whether the value is one column's cell as it stands (read without `raw_value`)."""
        return len(self.columns) == 1 and not (self.coalesce or self.empty or self.when is not None)


@dataclass(frozen=True)
class FileRule:
    spec: FileSpec
    path: Path
    fields: dict[str, FieldRule]
    sheet: str | None = None
    encoding: str | None = None
    header_row: int = 1
    key: str | None = None  # source column of a local key other files join on
    where: dict[str, frozenset[str]] = field(default_factory=dict)  # column → the (folded) values a row may have
    medium: str | None = None  # the medium its pollutant names mean when two media share one (镍: water or air)
    adds: bool = False  # its rows add fields to records other entries (or the graph) state: loaders/partial.py
    # which value stays when this entry and another state a field of one record differently: "this" (this
    # entry's), "other" (the other's); None: neither, the row is refused and both values reported
    prefer: str | None = None

    @cached_property
    def mapped(self) -> frozenset[str]:
        """The fields this entry reads a column (or a constant) for."""
        return frozenset(self.fields)

    @property
    def entity(self) -> str:
        return self.spec.name.removesuffix(".csv")


@dataclass(frozen=True)
class Mapping:
    files: tuple[FileRule, ...]
    # name → code, "local", or a table medium → code for a name two media share (镍 in water or air)
    pollutants: dict[str, str | dict[str, str]] = field(default_factory=dict)
    source: str = "default layout"
    # a mapping file names each entry on purpose: one that reads no row is a mistake (a wrong sheet, header or
    # `where`); the default layout only lists the files present, and a header-only file there has nothing to say
    explicit: bool = False


ENTITIES = {spec.name.removesuffix(".csv"): spec for spec in LAYOUT}
_ORDER = {spec.name: i for i, spec in enumerate(LAYOUT)}


def default_mapping(folder: Path) -> Mapping:
    """The identity mapping of the default layout, for the layout files present in `folder`."""
    rules = [
        FileRule(
            spec,
            folder / spec.name,
            {c: FieldRule(columns=(c,), optional=not spec.row.model_fields[c].is_required()) for c in spec.columns},
        )
        for spec in LAYOUT
        if (folder / spec.name).exists()
    ]
    return Mapping(tuple(rules), source=str(folder.resolve()))


def _lookup(where: str, raw: Any, base: Path) -> Lookup | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or not {"path", "key", "value"} <= set(raw) or set(raw) - _LOOKUP_KEYS:
        raise MappingError(f"{where}: lookup needs path, key and value (and may give sheet, encoding); found {raw!r}")
    key = raw["key"]
    if not (isinstance(key, str) or (isinstance(key, list) and key and all(isinstance(k, str) for k in key))):
        raise MappingError(f"{where}: lookup key is a column or a list of columns; found {key!r}")
    return Lookup(
        (base / str(raw["path"])).resolve(),
        (key,) if isinstance(key, str) else tuple(key),
        str(raw["value"]),
        sheet=raw.get("sheet"),
        encoding=raw.get("encoding"),
    )


_LOOKUP_KEYS = {"path", "key", "value", "sheet", "encoding"}
KEY_SEP = "\u2016"  # joins the parts of a composite lookup key (‖: no source cell holds it, no folding changes it)


def _field(entity: str, name: str, raw: Any, base: Path = Path(".")) -> FieldRule:
    where = f"[{entity}] field {name!r}"
    if isinstance(raw, str):
        return FieldRule(columns=(raw,))
    if not isinstance(raw, dict):
        raise MappingError(f"{where}: expected a column name or a table, found {raw!r}")
    known = {
        "column",
        "columns",
        "const",
        "join",
        "map",
        "pattern",
        "via",
        "by",
        "outlet",
        "range",
        "unit",
        "lookup",
        "default",
        "coalesce",
        "empty",
        "when",
    }
    if unknown := set(raw) - known:
        raise MappingError(f"{where}: unknown keys {', '.join(sorted(unknown))} (allowed: {', '.join(sorted(known))})")
    if len([k for k in ("column", "columns", "coalesce") if k in raw]) > 1:
        raise MappingError(f"{where}: give one of column, columns (joined) or coalesce (the first not empty)")
    listed = raw.get("columns", raw.get("coalesce"))
    if listed is not None and (not isinstance(listed, list) or not all(isinstance(c, str) for c in listed)):
        raise MappingError(f"{where}: columns and coalesce take a list of column names; found {listed!r}")
    columns = tuple(listed) if listed is not None else (raw["column"],) if "column" in raw else ()
    if not columns and "const" not in raw and "default" not in raw:
        raise MappingError(f"{where}: needs column, columns, const or default")
    if raw.get("via") is not None and raw["via"] not in ENTITIES:
        raise MappingError(f"{where}: via names no entity ({raw['via']!r})")
    if raw.get("by", "key") not in {"key", "name", "holder"} or ("by" in raw and "via" not in raw):
        raise MappingError(f"{where}: by must be 'key', 'name' or 'holder', beside a via")
    if raw.get("by") == "holder" and raw.get("via") != "permits":
        raise MappingError(f'{where}: by = "holder" finds a holder\'s permit: it goes with via = "permits"')
    if raw.get("outlet") not in {None, "national", "local"}:
        raise MappingError(f"{where}: outlet must be 'national' or 'local'")
    if raw.get("range") not in {None, "start", "end"}:
        raise MappingError(f"{where}: range must be 'start' or 'end'")
    try:
        pattern = re.compile(raw["pattern"]) if "pattern" in raw else None
    except re.error as exc:
        raise MappingError(f"{where}: pattern is not a regular expression ({exc})") from None
    lookup = _lookup(where, raw.get("lookup"), base)
    if lookup is not None and len(lookup.key) > 1 and (len(columns) != len(lookup.key) or "coalesce" in raw):
        raise MappingError(f"{where}: a lookup on {len(lookup.key)} key columns takes as many columns (columns = …)")
    return FieldRule(
        columns=columns,
        const=raw.get("const"),
        join=KEY_SEP if lookup is not None and len(lookup.key) > 1 else raw.get("join", " "),
        map={clean_text(str(k)): str(v) for k, v in raw.get("map", {}).items()},
        pattern=pattern,
        via=raw.get("via"),
        outlet=raw.get("outlet"),
        range=raw.get("range"),
        unit=raw.get("unit"),
        by=raw.get("by", "key"),
        lookup=lookup,
        default=None if raw.get("default") is None else str(raw["default"]),
        coalesce="coalesce" in raw,
        empty=frozenset(clean_text(str(v)) for v in _listed(where, "empty", raw.get("empty", []))),
        when=_when(where, raw.get("when")),
    )


def _listed(where: str, key: str, raw: Any) -> list[Any]:
    listed = [raw] if isinstance(raw, str) else raw
    if not isinstance(listed, list):
        raise MappingError(f"{where}: {key} takes a value or a list of values; found {raw!r}")
    return listed


def _when(where: str, raw: Any) -> tuple[str, frozenset[str]] | None:
    """`when = { column = "监测因子", is = ["pH"] }`: the field applies only to rows whose column holds one of these."""
    if raw is None:
        return None
    if not isinstance(raw, dict) or set(raw) != {"column", "is"} or not isinstance(raw["column"], str):
        raise MappingError(f'{where}: when takes {{ column = "…", is = [values] }}; found {raw!r}')
    return raw["column"], frozenset(clean_text(str(v)) for v in _listed(where, "when.is", raw["is"]))


def _where(entity: str, raw: Any) -> dict[str, frozenset[str]]:
    if not isinstance(raw, dict):
        raise MappingError(f"[{entity}] where: expected a table of column = value or [values]; found {raw!r}")
    where = {}
    for column, values in raw.items():
        listed = [values] if isinstance(values, str) else values
        if not isinstance(listed, list) or not listed or not all(isinstance(v, str) for v in listed):
            raise MappingError(f"[{entity}] where {column!r}: expected a value or a list of values; found {values!r}")
        where[str(column)] = frozenset(clean_text(v) for v in listed)
    return where


_ENTRY_KEYS = {
    *("entity", "path", "sheet", "encoding", "header_row", "key", "where", "columns"),
    *("adds", "prefer", "region", "medium"),
}
_MEDIA = ("water", "air", "noise")


def _region(where: str, raw: Any) -> str | None:
    """A region context (a code or a name) → its code."""
    if raw is None:
        return None
    try:
        return resolve("regions", clean_text(str(raw)))
    except ValueError as exc:
        raise MappingError(f"{where}: region {raw!r}: {exc}") from None


def _pollutants(path: Path, raw: Any) -> dict[str, str | dict[str, str]]:
    if not isinstance(raw, dict):
        raise MappingError(f"{path}: [pollutants] is a table of name = code")
    out: dict[str, str | dict[str, str]] = {}
    for name, code in raw.items():
        if isinstance(code, dict):
            if not code or set(code) - set(_MEDIA) or not all(isinstance(c, str) for c in code.values()):
                raise MappingError(f"{path}: [pollutants] {name!r}: a table of medium = code ({', '.join(_MEDIA)})")
            out[str(name)] = {str(m): str(c) for m, c in code.items()}
        else:
            out[str(name)] = str(code)
    return out


def _needed(path: Path, entity: str, spec: FileSpec, adds: bool) -> list[str]:
    """The fields an entry must map: every required one, or for an entry adding to records, what names them."""
    if not adds:
        return [c for c in spec.columns if spec.row.model_fields[c].is_required()]
    keys = key_fields(spec.row)
    if keys is None:
        raise MappingError(f"{path}: [{entity}] adds = true: {entity} rows name their record by a composite key")
    return [c for c in keys if c in spec.columns and spec.row.model_fields[c].is_required()]


def load_mapping(path: Path) -> Mapping:
    """Parse and check a mapping file; files are ordered so that referenced entities load first."""
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise MappingError(f"{path}: {exc}") from None
    rules = []
    context = doc.get("context", {})
    if not isinstance(context, dict) or set(context) - {"region", "medium"}:
        raise MappingError(f"{path}: [context] gives region and medium (what every entry means unless it says)")
    if context.get("medium") not in (None, *_MEDIA):
        raise MappingError(f"{path}: [context] medium must be one of {', '.join(_MEDIA)}")
    for i, entry in enumerate(doc.get("files", []), 1):
        entity = entry.get("entity")
        if entity not in ENTITIES:
            raise MappingError(f"{path}: files #{i}: entity must be one of {', '.join(ENTITIES)}; found {entity!r}")
        spec = ENTITIES[entity]
        if unknown := set(entry) - _ENTRY_KEYS:
            allowed = ", ".join(sorted(_ENTRY_KEYS))
            raise MappingError(f"{path}: files #{i} ({entity}): unknown keys {', '.join(sorted(unknown))} ({allowed})")
        columns = entry.get("columns", {})
        if unknown := set(columns) - set(spec.columns):
            raise MappingError(f"{path}: [{entity}] maps unknown fields {', '.join(sorted(unknown))}")
        adds = entry.get("adds", False) is True
        needed = _needed(path, entity, spec, adds)
        if missing := [c for c in needed if c not in columns]:
            raise MappingError(f"{path}: [{entity}] does not map required fields {', '.join(missing)}")
        if entry.get("prefer") not in (None, "this", "other"):
            raise MappingError(f"{path}: [{entity}] prefer must be 'this' or 'other'; found {entry['prefer']!r}")
        if entry.get("medium") not in (None, *_MEDIA):
            raise MappingError(f"{path}: [{entity}] medium must be one of {', '.join(_MEDIA)}")
        region = _region(f"{path}: [{entity}]", entry.get("region", context.get("region")))
        fields = {name: _field(entity, name, raw, path.parent) for name, raw in columns.items()}
        if region is not None and "region_code" in fields:
            fields["region_code"] = replace(fields["region_code"], within=region)
        if "path" not in entry:
            raise MappingError(f"{path}: [{entity}] needs a path")
        rules.append(
            FileRule(
                spec,
                (path.parent / entry["path"]).resolve(),
                fields,
                sheet=entry.get("sheet"),
                encoding=entry.get("encoding"),
                header_row=int(entry.get("header_row", 1)),
                key=entry.get("key"),
                where=_where(entity, entry.get("where", {})),
                medium=entry.get("medium", context.get("medium")),
                adds=adds,
                prefer=entry.get("prefer"),
            )
        )
    if not rules:
        raise MappingError(f"{path}: no [[files]] entries")
    for rule in rules:
        for f in rule.fields.values():
            if f.via and f.by == "key" and not any(r.entity == f.via and r.key for r in rules):  # not by holder
                raise MappingError(f"{path}: [{rule.entity}] uses via = {f.via!r} but no {f.via} file declares a key")
            if f.via and f.by == "name" and "name" not in ENTITIES[f.via].row.model_fields:
                raise MappingError(f"{path}: [{rule.entity}] joins {f.via!r} by name, but {f.via} rows have none")
    # stable: files of one entity keep their order, entries adding to its records after those stating them
    rules.sort(key=lambda r: (_ORDER[r.spec.name], r.adds))
    pollutants = _pollutants(path, doc.get("pollutants", {}))
    return Mapping(tuple(rules), pollutants, str(path.resolve()), explicit=True)
