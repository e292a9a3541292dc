"""The bundled code tables (GB/T 2260 regions, GB/T 4754 industries, HJ 212 pollutants), and codes found by name.

Real exports often give a region or an industry as its name (上海市徐汇区, 火力发电) rather than its code; `resolve`
finds the code through the table, or says why it cannot: no entry has that name, or several do (朝阳区 is a
district of Beijing and of Changchun; 上海市徐汇区 or 北京市朝阳区 names one).
"""

from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
from collections import defaultdict
from functools import cache
from importlib import resources

REGION_STATUSES = ("current", "statistical", "retired")  # how a region code stands (loaders/codes/README.md)
_CODE = {"regions": re.compile(r"^\d{6}$"), "industries": re.compile(r"^\d{2,4}$")}
_WHAT = {"regions": "a region (GB/T 2260)", "industries": "an industry class (GB/T 4754)"}


@cache
def table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of a bundled table (`regions`, `industries`, `pollutants`)."""
    text = resources.files("loaders").joinpath("codes", f"{name}.csv").read_text(encoding="utf-8")
    return tuple(csv.DictReader(text.splitlines()))


@cache
def tables_digest() -> str:
    """sha256 over the bundled tables' text: what a graph was seeded with."""
    h = hashlib.sha256()
    for name in ("regions", "industries", "pollutants"):
        h.update(resources.files("loaders").joinpath("codes", f"{name}.csv").read_bytes())
    return h.hexdigest()


@cache
def names(name: str) -> dict[str, str]:
    return {row["code"]: row["name"] for row in table(name)}


def region_name(code: str) -> str:
    return names("regions").get(code, code)


def region_status(code: str) -> str | None:
    """current, statistical (a statistics code outside GB/T 2260, e.g. a development zone) or retired; None for a
    code the table does not hold."""
    return _statuses().get(code)


@cache
def _statuses() -> dict[str, str]:
    return {r["code"]: r["status"] for r in table("regions")}


def fold_name(text: str) -> str:
    """A name as compared (table look-ups, joins by name): NFKC, no spaces or middle dots."""
    return re.sub(r"[\s·・]", "", unicodedata.normalize("NFKC", text))


def _region_names(row: dict[str, str], by_code: dict[str, str]) -> set[str]:
    """The ways a region is written: its name, and its name after its province's and prefecture's."""
    code, name = row["code"], row["name"]
    province = by_code.get(code[:2] + "0000", "")
    prefecture = by_code.get(code[:4] + "00", "") if row["level"] == "county" else ""
    if prefecture.endswith("市辖区") or prefecture.endswith("直辖县级行政区划") or prefecture == name:
        prefecture = ""
    spelled = {name}
    if row["level"] != "province":
        spelled |= {province + name, province + prefecture + name}
    if prefecture:
        spelled.add(prefecture + name)
    return {fold_name(s) for s in spelled if s}


@cache
def _index(kind: str) -> dict[str, tuple[str, ...]]:
    """Folded name → codes, current codes before retired ones."""
    rows = table(kind)
    by_code = {r["code"]: r["name"] for r in rows}
    found: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        spelled = _region_names(row, by_code) if kind == "regions" else {fold_name(row["name"])}
        for s in spelled:
            found[s].append(row["code"])
    rank = {s: i for i, s in enumerate(REGION_STATUSES)}
    status = {r["code"]: r.get("status") or "current" for r in rows}
    return {k: tuple(sorted(v, key=lambda c: (rank[status[c]], c))) for k, v in found.items()}


def resolve(kind: str, text: str, within: str | None = None) -> str:
    """The code `text` stands for in table `kind` (`regions`, `industries`): a code as given, else the one entry
    so named — a current region before retired ones of the same name. `within`: a region code whose divisions a
    name means first (a city's export naming its districts: 和平区 is Tianjin's, not Shenyang's). ValueError saying
    why when none or several."""
    if _CODE[kind].match(text):
        return text
    codes = _index(kind).get(fold_name(text), ())
    if within and kind == "regions" and len(codes) != 1:
        prefix = within.rstrip("0") or within
        inside = tuple(c for c in codes if c.startswith(prefix))
        codes = inside or codes
    if kind == "regions":
        live = [c for c in codes if region_status(c) != "retired"]
        codes = tuple(live) if live else codes
    if kind == "industries" and codes:  # a name at two levels (炼铁: group 311, class 3110) is the finer one
        finest = max(len(c) for c in codes)
        codes = tuple(c for c in codes if len(c) == finest)
    if len(codes) == 1:
        return codes[0]
    if not codes:
        raise ValueError(f"{_WHAT[kind]}: a code or a name in the bundled table")
    shown = ", ".join(f"{c} {_full_name(kind, c)}" for c in codes[:5])
    raise ValueError(f"{_WHAT[kind]} named once: the name is ambiguous ({shown}); give the code or the full name")


def _full_name(kind: str, code: str) -> str:
    if kind != "regions":
        return names(kind)[code]
    parts = [code[:2] + "0000", code[:4] + "00", code]
    by_code = names("regions")
    return "".join(dict.fromkeys(by_code[p] for p in parts if p in by_code and not by_code[p].endswith("市辖区")))
