"""What a load reports: its summary per file, the validation result, the located errors (and their CSV/JSON
report), and the rejection that stops a load writing anything."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from loaders.read import RowError

MAX_ERRORS = 1000  # errors kept in memory for the report; the count goes on


class LoadRejected(Exception):
    """The files hold invalid rows; nothing was written."""

    def __init__(self, errors: list[RowError], total: int) -> None:
        super().__init__(f"{total} invalid row(s)")
        self.errors = errors
        self.total = total


@dataclass
class FileSummary:
    file: str
    rows_read: int = 0
    rows_written: int = 0
    rejected: int = 0
    unresolved: int = 0  # rows whose referenced node was not in the graph at write time (should stay 0)
    nodes_created: int = 0
    relationships_created: int = 0
    properties_set: int = 0
    seconds: float = 0.0


@dataclass
class LoadSummary:
    load_id: str = ""
    files: list[FileSummary] = field(default_factory=list)
    seconds: float = 0.0
    resumed: list[str] = field(default_factory=list)  # ids of interrupted loads this one completes

    def total(self, attr: str) -> int:
        return sum(int(getattr(f, attr)) for f in self.files)


@dataclass
class Validation:
    rows: int = 0
    invalid: int = 0
    errors: list[RowError] = field(default_factory=list)
    bad_rows: set[tuple[str, str | None, int]] = field(default_factory=set)  # (file, sheet, row)
    files: list[FileSummary] = field(default_factory=list)
    missing_references: bool = False  # found only after the pass: spooled batches may hold those rows
    seconds: float = 0.0

    def add(self, errs: list[RowError]) -> None:
        self.invalid += 1
        for e in errs:
            self.bad_rows.add((e.file, e.sheet, e.row))
        if len(self.errors) < MAX_ERRORS:
            self.errors.extend(errs)


Progress = Callable[[str, int, int], None]  # (file name, bytes advanced, total bytes of the file)


def write_report(errors: Iterable[RowError], path: Path) -> None:
    """The located errors as CSV (or JSON when the path ends in .json)."""
    rows = [
        {
            "file": e.file,
            "sheet": e.sheet or "",
            "row": e.row,
            "column": e.column,
            "expected": e.expected,
            "found": e.found,
        }
        for e in errors
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".json":
        path.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
        return
    with path.open("w", newline="", encoding="utf-8-sig") as fh:  # BOM: Excel opens Chinese text correctly
        writer = csv.DictWriter(fh, fieldnames=["file", "sheet", "row", "column", "expected", "found"])
        writer.writeheader()
        writer.writerows(rows)
