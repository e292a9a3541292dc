"""Read records from source files: CSV (UTF-8, UTF-8 with BOM, GB18030/GBK; detected or given), Excel .xlsx
(any sheet), JSON Lines. Every record comes with its location (file, sheet, row) and streams: memory stays flat
whatever the file's size.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SNIFF_BYTES = 1 << 20


@dataclass(frozen=True)
class Record:
    """One source row: its cells by header, and where it came from."""

    cells: dict[str, Any]
    file: str
    row: int  # 1-based data row number (the header is row 0; in a sheet, the row after the header row)
    sheet: str | None = None

    @property
    def where(self) -> str:
        return f"{self.file}#{self.sheet}:{self.row}" if self.sheet else f"{self.file}:{self.row}"


class SourceError(ValueError):
    """A file that cannot be read at all (encoding, missing sheet, broken JSON line)."""


def detect_encoding(path: Path) -> str:
    """`utf-8-sig` for a BOM, `utf-8` when the first MiB decodes as UTF-8, else `gb18030` (a superset of GBK)."""
    with path.open("rb") as fh:
        head = fh.read(SNIFF_BYTES)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=len(head) < SNIFF_BYTES)
        return "utf-8"
    except UnicodeDecodeError:
        return "gb18030"


def read_csv(
    path: Path, encoding: str | None = None, on_bytes: Callable[[int], None] | None = None
) -> Iterator[Record]:
    enc = encoding or detect_encoding(path)
    with path.open("rb") as binary, io.TextIOWrapper(binary, encoding=enc, newline="") as fh:
        reader = csv.reader(fh)
        try:
            header = next(reader, None)
            if header is None:
                return
            header = [h.strip().lstrip("\ufeff") for h in header]
            last = 0
            for n, values in enumerate(reader, 1):
                if not any(v.strip() for v in values):
                    continue  # blank lines carry nothing
                if on_bytes is not None and n % 2000 == 0:
                    pos = binary.tell()
                    on_bytes(pos - last)
                    last = pos
                yield Record(dict(zip(header, values, strict=False)), path.name, n)
        except UnicodeDecodeError as exc:
            raise SourceError(
                f"{path.name}: not valid {enc} near byte {exc.start}; give the encoding (utf-8, gb18030)"
            ) from None
        if on_bytes is not None:
            on_bytes(path.stat().st_size - last)


def read_xlsx(path: Path, sheet: str | None = None, header_row: int = 1) -> Iterator[Record]:
    """Rows of one sheet (the first when none is named), header at `header_row`; cells keep their Excel types."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise SourceError(f"{path.name}: no sheet {sheet!r}; sheets are {', '.join(book.sheetnames)}")
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        rows = ws.iter_rows(min_row=header_row, values_only=True)
        header_cells = next(rows, None)
        if header_cells is None:
            return
        header = [str(h).strip() if h is not None else f"column{i + 1}" for i, h in enumerate(header_cells)]
        for n, values in enumerate(rows, 1):
            if not any(v is not None and str(v).strip() for v in values):
                continue
            cells = {h: ("" if v is None else v) for h, v in zip(header, values, strict=False)}
            yield Record(cells, path.name, n, ws.title)
    finally:
        book.close()


def read_jsonl(path: Path, encoding: str | None = None) -> Iterator[Record]:
    enc = encoding or detect_encoding(path)
    with path.open(encoding=enc) as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise SourceError(f"{path.name}, line {n}: not JSON ({exc.msg})") from None
            if not isinstance(obj, dict):
                raise SourceError(f"{path.name}, line {n}: expected a JSON object per line")
            yield Record({k: "" if v is None else v for k, v in obj.items()}, path.name, n)


def read_records(
    path: Path,
    *,
    sheet: str | None = None,
    encoding: str | None = None,
    header_row: int = 1,
    on_bytes: Callable[[int], None] | None = None,
) -> Iterator[Record]:
    """Records of any supported file, chosen by its extension."""
    suffix = path.suffix.lower()
    if suffix in {".csv", ".txt", ".tsv"}:
        yield from read_csv(path, encoding, on_bytes)
    elif suffix in {".xlsx", ".xlsm"}:
        yield from read_xlsx(path, sheet, header_row)
        if on_bytes is not None:
            on_bytes(path.stat().st_size)
    elif suffix in {".jsonl", ".ndjson"}:
        yield from read_jsonl(path, encoding)
        if on_bytes is not None:
            on_bytes(path.stat().st_size)
    else:
        raise SourceError(f"{path.name}: unsupported file type {suffix!r} (csv, xlsx, jsonl)")
