"""The GB/T 4754 industry table from the statistics bureau's own spreadsheet (国民经济行业分类, 2017 or 2011).

Every government office holds it as a workbook or a CSV: a row per class, its code in one column (代码) or spread
over the level columns (门类 / 大类 / 中类 / 小类), then its name (类别名称), and sometimes a note (说明). Whatever the
layout, a row is read as its first cell that is a code — a section letter (A–T), a division (2 digits), a group
(3) or a class (4) — and the next text cell as its name. Sections are not part of the codes sources use and are
skipped. The table is checked whole (each group under a listed division, each class under a listed group, no code
twice, a name for each) and written as `loaders/codes/industries.csv` (code, name, level).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from loaders.normalise import clean_text
from loaders.sources import SourceError, read_records

LEVELS = {2: "division", 3: "group", 4: "class"}
_CODE = re.compile(r"^(?:[A-T]|\d{2,4})$")
_SECTION = re.compile(r"^[A-T]$")


@dataclass(frozen=True)
class IndustryRow:
    code: str
    name: str
    level: str
    row: int  # where the source gives it (data row, 1-based)


class IndustryTableError(ValueError):
    """A spreadsheet that is not a whole GB/T 4754 table; the message lists each problem with its row."""


def _cells(values: Iterable[object]) -> list[str]:
    return [clean_text(str(v)) if v is not None else "" for v in values]


def _read(cells: list[str], row: int) -> IndustryRow | None:
    """The class a row states, or None for a row stating none (a heading, a note, a section)."""
    for i, cell in enumerate(cells):
        code = cell.replace(" ", "")
        if _CODE.match(code):
            name = next((c for c in cells[i + 1 :] if c and not _CODE.match(c.replace(" ", ""))), "")
            if _SECTION.match(code):
                return None
            return IndustryRow(code, name, LEVELS[len(code)], row)
    return None


def read_industries(path: Path, sheet: str | None = None, header_row: int = 1) -> list[IndustryRow]:
    """Every division, group and class of the file, in its order; raises IndustryTableError listing what is wrong."""
    rows: list[IndustryRow] = []
    try:
        for record in read_records(path, sheet=sheet, header_row=header_row):
            if (found := _read(_cells(record.cells.values()), record.row)) is not None:
                rows.append(found)
    except SourceError as exc:
        raise IndustryTableError(str(exc)) from None
    problems = list(_problems(rows))
    if problems:
        more = f" (and {len(problems) - 20} more)" if len(problems) > 20 else ""
        raise IndustryTableError(f"{path.name}: " + "; ".join(problems[:20]) + more)
    return rows


def _problems(rows: list[IndustryRow]) -> Iterator[str]:
    if not any(r.level == "class" for r in rows):
        yield "no 4-digit class found: is this the GB/T 4754 table?"
    seen: dict[str, int] = {}
    for r in rows:
        if r.code in seen:
            yield f"row {r.row}: code {r.code} given again (first at row {seen[r.code]})"
        seen.setdefault(r.code, r.row)
        if not r.name:
            yield f"row {r.row}: code {r.code} has no name"
        if len(r.code) > 2 and r.code[:-1] not in seen:
            yield f"row {r.row}: {r.code} comes before (or without) its parent {r.code[:-1]}"


def write_industries(rows: list[IndustryRow], out: Path) -> None:
    """The bundled table's form: code, name, level, sorted by code."""
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["code", "name", "level"])
        for r in sorted(rows, key=lambda r: r.code):
            writer.writerow([r.code, r.name, r.level])
