"""Read records from source files: CSV (UTF-8, UTF-8 with BOM, GB18030/GBK; detected or given), Excel .xlsx
(any sheet), JSON Lines. Every record comes with its location (file, sheet, row) and streams: memory stays flat
whatever the file's size.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SNIFF_BYTES = 1 << 20
MAX_LINE = 1 << 20  # characters of one JSON line


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
    """A file that cannot be read at all (encoding, missing sheet, broken JSON line, corrupt workbook); the message
    names the file, and `row` the data row where reading stopped (0: the file as a whole)."""

    def __init__(self, message: str, row: int = 0) -> None:
        super().__init__(message)
        self.row = row


def detect_encoding(path: Path) -> str:
    """`utf-8-sig` for a BOM, `utf-8` when the first MiB decodes as UTF-8, else `gb18030` (a superset of GBK).

    A character cut at the end of what was read does not count against UTF-8 (a file cut short mid-character is
    still a UTF-8 file, and is reported as such where it ends)."""
    with path.open("rb") as fh:
        head = fh.read(SNIFF_BYTES)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        return "gb18030"


def check_encoding(path: Path, encoding: str | None) -> str:
    """The encoding to read `path` with: the one given (SourceError when Python does not know it) or detected."""
    if encoding is None:
        return detect_encoding(path)
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise SourceError(
            f"{path.name}: unknown encoding {encoding[:40]!r} (the mapping's `encoding`): use utf-8, utf-8-sig or "
            "gb18030, or leave it out to detect it"
        ) from None
    return encoding


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def mojibake(path: Path, encoding: str) -> str | None:
    """Why a file read in its mapping's `encoding` reads as garbled text of another (None when it does not): its
    first MiB decodes under the declared encoding, but decodes strictly as UTF-8 or GB18030 too, to Chinese text
    where the declared reading has none (UTF-8 declared as latin-1 reads 北京 as åŒ—äº¬). Located at the first line
    where the readings differ; a warning, since the bytes are valid in what was declared."""
    declared = codecs.lookup(encoding).name
    with path.open("rb") as fh:
        head = fh.read(SNIFF_BYTES)
    try:
        as_declared = codecs.getincrementaldecoder(declared)().decode(head, final=False)
    except UnicodeDecodeError:
        return None  # the read itself reports a file invalid in its declared encoding
    for other in ("utf-8", "gb18030"):
        if codecs.lookup(other).name == declared or (declared.startswith("gb") and other == "gb18030"):
            continue
        try:
            as_other = codecs.getincrementaldecoder(other)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
        if not _CJK.search(as_other) or len(_CJK.findall(as_declared)) >= len(_CJK.findall(as_other)):
            continue
        for n, (mine, theirs) in enumerate(zip(as_declared.splitlines(), as_other.splitlines(), strict=False), 1):
            if mine != theirs and _CJK.search(theirs):
                sample = _CJK.search(theirs)
                start = sample.start() if sample else 0
                return (
                    f"{path.name}, line {n:,}: declared {encoding[:40]} but reads as garbled {other} text "
                    f"({mine[start : start + 8]!r} would be {theirs[start : start + 4]!r} in {other}): check the "
                    "mapping's `encoding`"
                )
    return None


def decode_error(path: Path, encoding: str, given: bool) -> SourceError:
    """Where a file stops being valid in `encoding`: the byte offset and line of the first bad byte, found by
    decoding it again (only after a failure, so the common path pays nothing)."""
    how = "the mapping's encoding" if given else "detected from its first MiB"
    decoder = codecs.getincrementaldecoder(encoding)()
    base = newlines = 0
    with path.open("rb") as fh:
        while True:
            block = fh.read(1 << 20)
            final = not block
            held = len(decoder.getstate()[0])  # bytes of the previous block the decoder still holds
            try:
                decoder.decode(block, final=final)
            except UnicodeDecodeError as exc:
                offset = max(0, base - held + exc.start)
                line = newlines + block.count(b"\n", 0, max(0, offset - base)) + 1
                if final:
                    return SourceError(
                        f"{path.name}: ends in the middle of a {encoding} character ({how}), at byte {base:,}: "
                        "is the file cut short?"
                    )
                return SourceError(
                    f"{path.name}: not valid {encoding} ({how}) at byte {offset:,}, line {line:,}: give the right "
                    "encoding in the mapping (utf-8, gb18030)"
                )
            if final:
                return SourceError(f"{path.name}: not valid {encoding} ({how})")
            base += len(block)
            newlines += block.count(b"\n")


class _Range(io.RawIOBase):
    """The bytes [start, end) of a file, as a stream."""

    def __init__(self, path: Path, start: int, end: int) -> None:
        self._fh = path.open("rb")
        self._fh.seek(start)
        self._left = end - start

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._left <= 0:
            return 0
        n = self._fh.readinto(memoryview(buffer)[: self._left]) or 0
        self._left -= n
        return n

    def tell(self) -> int:
        return self._fh.tell()

    def close(self) -> None:
        self._fh.close()
        super().close()


@dataclass(frozen=True)
class Part:
    """A byte range of a CSV file that starts and ends at row boundaries, with the number of its first row."""

    start: int
    end: int
    first_row: int


def split_csv(path: Path, parts: int, chunk: int = 1 << 24) -> list[Part] | None:
    """Cut a CSV file into `parts` ranges at row boundaries, or None when that cannot be proven safe.

    Safe means no quote character before the last cut: then every newline there ends a row (UTF-8 and GB18030
    never use the bytes of a newline or a quote inside a multi-byte character), and rows are numbered by newlines.
    """
    size = path.stat().st_size
    targets = [size * k // parts for k in range(1, parts)]
    cuts: list[tuple[int, int]] = []  # (offset just after a newline, data rows before it)
    newlines = pos = 0
    with path.open("rb") as fh:
        while targets:
            block = fh.read(chunk)
            if not block:
                return None
            while targets and pos + len(block) > targets[0]:
                at = block.find(b"\n", max(0, targets[0] - pos))
                if at < 0:
                    break  # the newline is in the next block
                if b'"' in block[: at + 1]:
                    return None
                cuts.append((pos + at + 1, newlines + block.count(b"\n", 0, at + 1) - 1))  # minus the header
                targets.pop(0)
            if targets and b'"' in block:
                return None
            newlines += block.count(b"\n")
            pos += len(block)
    starts = [(0, 1)] + [(offset, rows + 1) for offset, rows in cuts]
    ends = [offset for offset, _ in cuts] + [size]
    return [Part(start, end, first) for (start, first), end in zip(starts, ends, strict=True)]


def csv_rows(
    path: Path,
    encoding: str | None = None,
    on_bytes: Callable[[int], None] | None = None,
    part: Part | None = None,
) -> Iterator[tuple[int, list[str]]]:
    """The header (as row 0, cells stripped) then (row number, cells) of every non-blank row of a CSV file or
    of one part of it (whose header is the file's first line): the raw form `read_csv` and the monitoring fast
    path share."""
    enc = check_encoding(path, encoding)
    header: list[str] | None = None
    if part is not None and part.start > 0:
        with path.open("rb") as head_bytes, io.TextIOWrapper(head_bytes, encoding=enc, newline="") as head:
            header = next(csv.reader(head), None)
    raw: Any = _Range(path, part.start, part.end) if part is not None else path.open("rb")
    first_row = part.first_row if part is not None else 1
    n = first_row - 1
    with io.BufferedReader(raw) as binary, io.TextIOWrapper(binary, encoding=enc, newline="") as fh:
        reader = csv.reader(fh)
        try:
            if header is None:
                header = next(reader, None)
            if header is None:
                return
            yield 0, [h.strip().lstrip("\ufeff") for h in header]
            last = raw.tell()
            for n, values in enumerate(reader, first_row):
                if not (values and values[0].strip()) and not any(v.strip() for v in values):
                    continue  # blank lines carry nothing
                if on_bytes is not None and n % 2000 == 0:
                    pos = raw.tell()
                    on_bytes(pos - last)
                    last = pos
                yield n, values
        except UnicodeDecodeError:
            raise decode_error(path, enc, encoding is not None) from None
        except csv.Error as exc:
            row = n + 1
            if "field larger than field limit" in str(exc):
                raise SourceError(
                    f"{path.name}, row {row:,}: a cell is longer than {csv.field_size_limit():,} characters; a quote "
                    "opened and never closed makes the rest of the file one cell",
                    row,
                ) from None
            raise SourceError(f"{path.name}, row {row:,}: not valid CSV ({exc})", row) from None
        if on_bytes is not None:
            on_bytes((part.end if part is not None else path.stat().st_size) - last)


def read_csv(
    path: Path,
    encoding: str | None = None,
    on_bytes: Callable[[int], None] | None = None,
    part: Part | None = None,
) -> Iterator[Record]:
    """Records of a CSV file, or of one part of it (whose header is the file's first line)."""
    rows = csv_rows(path, encoding, on_bytes, part)
    _, header = next(rows, (0, []))
    width = len(header)
    for n, values in rows:
        if len(values) < width:  # a row that stops short (trailing empty cells left out) has them empty
            values = values + [""] * (width - len(values))
        yield Record(dict(zip(header, values, strict=False)), path.name, n)


def read_xlsx(path: Path, sheet: str | None = None, header_row: int = 1) -> Iterator[Record]:
    """Rows of one sheet (the first when none is named), header at `header_row`; cells keep their Excel types."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, InvalidFileException, KeyError, XML errors: all mean the same
        raise SourceError(
            f"{path.name}: not a readable .xlsx workbook ({type(exc).__name__}: {str(exc)[:120]}); save it again "
            "from Excel as .xlsx"
        ) from None
    n = 0
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
            cells = dict.fromkeys(header, "") | {h: v for h, v in zip(header, values, strict=False) if v is not None}
            yield Record(cells, path.name, n, ws.title)
    except SourceError:
        raise
    except Exception as exc:  # a corrupt part of the workbook shows only when its rows are read
        raise SourceError(
            f"{path.name}: the workbook is damaged after row {n:,} ({type(exc).__name__}: {str(exc)[:120]})", n + 1
        ) from None
    finally:
        book.close()


def read_jsonl(path: Path, encoding: str | None = None) -> Iterator[Record]:
    enc = check_encoding(path, encoding)
    try:
        with path.open(encoding=enc) as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                if len(line) > MAX_LINE:
                    raise SourceError(f"{path.name}, line {n}: longer than {MAX_LINE:,} characters", n)
                try:
                    obj = json.loads(line)
                except RecursionError:
                    raise SourceError(f"{path.name}, line {n}: JSON nested too deep", n) from None
                except json.JSONDecodeError as exc:
                    raise SourceError(f"{path.name}, line {n}: not JSON ({exc.msg})", n) from None
                if not isinstance(obj, dict):
                    raise SourceError(f"{path.name}, line {n}: expected a JSON object per line", n)
                yield Record({k: "" if v is None else v for k, v in obj.items()}, path.name, n)
    except UnicodeDecodeError:
        raise decode_error(path, enc, encoding is not None) from None


CSV_SUFFIXES = {".csv", ".txt"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}


def read_records(
    path: Path,
    *,
    sheet: str | None = None,
    encoding: str | None = None,
    header_row: int = 1,
    on_bytes: Callable[[int], None] | None = None,
    part: Part | None = None,
) -> Iterator[Record]:
    """Records of any supported file, chosen by its extension (`part`: a range of a CSV file)."""
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        yield from read_csv(path, encoding, on_bytes, part)
    elif suffix in {".xlsx", ".xlsm"}:
        yield from read_xlsx(path, sheet, header_row)
        if on_bytes is not None:
            on_bytes(path.stat().st_size)
    elif suffix in JSONL_SUFFIXES:
        yield from read_jsonl(path, encoding)
        if on_bytes is not None:
            on_bytes(path.stat().st_size)
    else:
        raise SourceError(f"{path.name}: unsupported file type {suffix!r} (csv, xlsx, jsonl)")
