"""Read layout files into validated rows, with located errors (file, row, column, expected, found)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from graph.model import Row
from loaders.layout import FileSpec

_LIST_FIELDS = {"categories", "methods"}


@dataclass(frozen=True)
class RowError:
    """One located problem in a source file."""

    file: str
    row: int  # 1-based data row (the header is row 0)
    column: str
    expected: str
    found: str

    def __str__(self) -> str:
        return f"{self.file}, row {self.row}, column {self.column!r}: expected {self.expected}; found {self.found!r}"


def _cells(raw: dict[str, str | None]) -> dict[str, Any]:
    """An empty cell means "no value": leave the field to its default."""
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key is None or value is None:
            continue
        value = value.strip()
        if value == "":
            continue
        out[key] = [v.strip() for v in value.split(";") if v.strip()] if key in _LIST_FIELDS else value
    return out


def read_rows(
    path: Path, spec: FileSpec, on_bytes: Callable[[int], None] | None = None
) -> Iterator[tuple[int, Row | list[RowError]]]:
    """Yield (row number, validated row or its errors) for each data row of a layout CSV file."""
    with path.open("rb") as binary, io.TextIOWrapper(binary, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [
            c for c in spec.columns if c not in (reader.fieldnames or []) and spec.row.model_fields[c].is_required()
        ]
        if missing:
            yield (
                0,
                [RowError(path.name, 0, c, "a column of that name in the header", "no such column") for c in missing],
            )
            return
        last = 0
        for n, raw in enumerate(reader, 1):
            if on_bytes is not None and n % 2000 == 0:
                pos = binary.tell()  # bytes consumed so far (read-ahead included): good enough for a progress bar
                on_bytes(pos - last)
                last = pos
            cells = _cells(raw)
            try:
                yield n, spec.row.model_validate(cells)
            except ValidationError as exc:
                yield n, [_located(path.name, n, err, cells) for err in exc.errors()]
        if on_bytes is not None:
            on_bytes(path.stat().st_size - last)


def _located(file: str, n: int, err: Any, cells: dict[str, Any]) -> RowError:
    column = ".".join(str(p) for p in err["loc"]) or "(row)"
    top = str(err["loc"][0]) if err["loc"] else ""
    found = cells.get(top, "(empty)") if top else ", ".join(f"{k}={v}" for k, v in cells.items())[:120]
    expected = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        expected = "no such column in this file's layout"
    return RowError(file, n, column, expected, str(found))
