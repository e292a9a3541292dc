"""What a load reports: its summary per file, the validation result, the located errors (and their CSV/JSON
report), and the rejection that stops a load writing anything."""

from __future__ import annotations

import csv
import json
import os
import tempfile
import weakref
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from loaders.read import RowError

MAX_ERRORS = 1000  # errors kept in memory (shown, and the report's first); the others go to a spill file
_FLUSH = 1000  # spilled errors buffered before a write


class LoadRejected(Exception):
    """The files hold invalid rows; nothing was written."""

    def __init__(self, validation: Validation) -> None:
        super().__init__(f"{validation.invalid} invalid row(s)")
        self.validation = validation
        self.errors = validation.errors
        self.total = validation.invalid


@dataclass
class FileSummary:
    file: str
    rows_read: int = 0
    rows_written: int = 0
    rejected: int = 0
    unresolved: int = 0  # rows whose referenced node was not in the graph at write time (should stay 0)
    flags: dict[str, int] = field(default_factory=dict)  # loaded rows the loaders flagged, by flag (`*_problem`)
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
    causes: dict[tuple[str, str, str], int] = field(default_factory=dict)  # of the rows skipped: see Validation
    warnings: list[str] = field(default_factory=list)  # located, about files that loaded (e.g. garbled text)
    empty: list[str] = field(default_factory=list)  # entries of a mapping file that wrote no row: an error

    def total(self, attr: str) -> int:
        return sum(int(getattr(f, attr)) for f in self.files)


@dataclass
class Validation:
    rows: int = 0
    invalid: int = 0
    errors: list[RowError] = field(default_factory=list)
    # (file, sheet, row, entity): a row read for two entities (one sheet holding enterprises and outlets) can be
    # invalid as one and valid as the other
    bad_rows: set[tuple[str, str | None, int, str]] = field(default_factory=set)
    files: list[FileSummary] = field(default_factory=list)
    missing_references: bool = False  # found only after the pass: spooled batches may hold those rows
    missing: set[tuple[str, str]] = field(default_factory=set)  # (label, key) of those nodes
    settled: list[str] = field(default_factory=list)  # conflicts an entry's `prefer` settled: one line per kind
    seconds: float = 0.0

    causes: Counter[tuple[str, str, str]] = field(default_factory=Counter)  # (file, column, expected) → errors
    _spill: Path | None = field(default=None, repr=False)
    _pending: list[RowError] = field(default_factory=list, repr=False)
    _cleanup: Any = field(default=None, repr=False, compare=False)

    def add(self, errs: list[RowError], entity: str) -> None:
        """One invalid row (read for `entity`) and its errors."""
        self.invalid += 1
        for e in errs:
            self.bad_rows.add((e.file, e.sheet, e.row, entity))
        self.note(errs)

    def note(self, errs: Iterable[RowError]) -> None:
        """Keep errors: the first MAX_ERRORS in memory, every later one in a spill file (so a report holds them
        all, however many), each counted by its cause."""
        for e in errs:
            self.causes[(f"{e.file}#{e.sheet}" if e.sheet else e.file, e.column, e.expected)] += 1
            self._keep(e)

    def _keep(self, e: RowError) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(e)
            return
        self._pending.append(e)
        if len(self._pending) >= _FLUSH:
            self._flush()

    @property
    def error_count(self) -> int:
        return sum(self.causes.values())

    def all_errors(self) -> Iterator[RowError]:
        """Every error, in the order found."""
        yield from self.errors
        self._flush()
        if self._spill is not None:
            with self._spill.open(encoding="utf-8") as fh:
                for line in fh:
                    yield RowError(**json.loads(line))

    def merge(self, other: Validation) -> None:
        """Add the errors and counts of another pass (a forked part of a file); its spill file is consumed."""
        self.rows += other.rows
        self.invalid += other.invalid
        self.bad_rows |= other.bad_rows
        for e in other.all_errors():
            self._keep(e)
        self.causes.update(other.causes)
        other.discard()

    def _flush(self) -> None:
        if not self._pending:
            return
        if self._spill is None:
            fd, name = tempfile.mkstemp(prefix="permitgraph-errors-", suffix=".jsonl")
            os.close(fd)
            self._spill = Path(name)
            self._cleanup = weakref.finalize(self, self._spill.unlink, missing_ok=True)
        with self._spill.open("a", encoding="utf-8") as fh:
            fh.writelines(json.dumps(asdict(e), ensure_ascii=False) + "\n" for e in self._pending)
        self._pending.clear()

    def discard(self) -> None:
        """Remove the spill file now."""
        if self._cleanup is not None:
            self._cleanup()
        self._spill, self._pending = None, []

    def __getstate__(self) -> dict[str, Any]:
        """Sent from a forked worker: pending errors written out, and the spill file left for the receiver (the
        worker's finalizer must not remove it)."""
        self._flush()
        if self._cleanup is not None:
            self._cleanup.detach()
        return {**self.__dict__, "_cleanup": None}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        if self._spill is not None:
            self._cleanup = weakref.finalize(self, self._spill.unlink, missing_ok=True)


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
