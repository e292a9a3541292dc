"""The spool: a temporary file of write batches that validation writes and the load replays, and the sink that turns
one file's valid rows into those batches.

Stages hand rows one way: validation puts each valid row into the spool once, as it reads it; a reference found
missing only at the end of the pass (a node neither in the files nor in the graph) is settled here, by leaving out
the batches' rows that point at it (`kept`), never by reading the files again."""

from __future__ import annotations

import datetime as dt
import math
import os
import pickle
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from typing import Any

from graph import model
from loaders.layout import FileSpec
from loaders.plans import BATCH, MONITORING_BATCH, SEVERAL_A_DAY, key_parts, pack_bucket
from loaders.read import Series

Missing = set[tuple[str, str]]  # (label, key) of nodes rows point at that are neither in the files nor in the graph


class Spool:
    """A temporary file of ready write batches (pickled), written by validation and replayed by the load.

    Monitoring rows are already folded into month buckets, so the spool is a small fraction of the input.
    """

    def __init__(self, keep: bool = False) -> None:
        # keep: a named file that outlives this process (a validation worker's, appended by the parent)
        self.file = tempfile.NamedTemporaryFile(prefix="permitgraph-spool-", delete=not keep)  # noqa: SIM115
        self.name = self.file.name
        self.items: dict[int, int] = {}  # file index → batches spooled

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.file.close()

    def dump(self, index: int, kind: str, payload: Any) -> None:
        pickle.dump((index, kind, payload), self.file, protocol=pickle.HIGHEST_PROTOCOL)
        self.items[index] = self.items.get(index, 0) + 1

    def append(self, path: str, index: int, items: int) -> None:
        """Add a worker's spool (a stream of complete pickles) after what this one holds, then delete it."""
        with open(path, "rb") as part:
            shutil.copyfileobj(part, self.file)
        os.unlink(path)
        self.items[index] = self.items.get(index, 0) + items

    def replay(self) -> Iterator[tuple[int, str, Any]]:
        self.file.flush()
        self.file.seek(0)
        while True:
            try:
                yield pickle.load(self.file)  # our own file, written by this process: trusted
            except EOFError:
                return

    def left_out(self, missing: Missing) -> Iterator[tuple[int, int, str, str, str]]:
        """Each row the batches hold that points at a missing node (those `kept` leaves out): (file index, row, the
        field naming the node, its label, its key)."""
        for index, kind, payload in self.replay():
            if kind == "buckets":
                for b in payload:
                    if ("Outlet", b["outlet"]) in missing:
                        for start, end in b["runs"]:
                            for row in range(start, end + 1):
                                yield index, row, "outlet_code", "Outlet", b["outlet"]
                continue
            for r, src in payload:
                if (gone := missing_reference(r, missing)) is not None:
                    yield index, int(src.rsplit(":", 1)[1].split(" ", 1)[0]), *gone  # "f#sheet:12 (fields added)"


def missing_reference(row: model.Row, missing: Missing) -> tuple[str, str, str] | None:
    """(field, label, key) of the first node a row names that is missing, or None."""
    return next(((f, label, key) for f, label, key in row.references() if (label, key) in missing), None)


def kept(kind: str, payload: Any, missing: Missing) -> tuple[Any, int]:
    """A spooled batch without the rows pointing at a missing node, and how many rows it left out. A month bucket
    holds one outlet's values, whose one reference is that outlet: the bucket goes whole or stays."""
    if kind == "buckets":  # (the row numbers stay here: the database needs none of them)
        keep = [_sent(b) for b in payload if ("Outlet", b["outlet"]) not in missing]
        return keep, sum(b["rows"] for b in payload) - sum(b["rows"] for b in keep)
    if not missing:
        return payload, 0
    rows = [(r, s) for r, s in payload if missing_reference(r, missing) is None]
    return rows, len(payload) - len(rows)


class Sink:
    """Turns valid rows of one file into spooled batches: rows as read (their write plans are made when replayed,
    once every reference is settled), monitoring values folded into month buckets."""

    def __init__(self, index: int, spec: FileSpec, spool: Spool) -> None:
        self.index, self.spec, self.spool = index, spec, spool
        self.monitoring = spec.row is model.Measurement
        self.rows: list[tuple[Any, str]] = []
        self.buckets: dict[str, dict[str, Any]] = {}
        self.rows_at: dict[str, list[int]] = {}  # bucket key → the row each day's value came from (0: none)
        self.key_parts: dict[Series, tuple[str, str, str]] = {}  # (outlet key, bucket key head, tail) per series

    def add(self, row: Any, src: str, number: int = 0) -> int:
        """Take one valid row (`number`: its row in the file); for a monitoring value, the row of a different
        value already given for its day (the row is then not taken), else 0 — see `_put`."""
        if not self.monitoring:
            self.rows.append((row, src))
            if len(self.rows) >= BATCH:
                self._flush()
            return 0
        suspect = model.implausible_value(row.pollutant_code, row.value) is not None  # kept apart: evidence
        return self._put(key_parts(row), row, row.date, row.value, src, number, suspect)

    def fold(self, series: Series, date: dt.date, value: float, src: str, number: int = 0) -> int:
        """Put one value of a series into its month bucket (the series' bucket key parts are worked out once);
        returns as `add` does. A folded value is plausible: `Series.reading` sent every other to the general path."""
        if (parts := self.key_parts.get(series)) is None:
            parts = self.key_parts[series] = key_parts(series.row)
        return self._put(parts, series.row, date, value, src, number)

    def _put(
        self,
        parts: tuple[str, str, str],
        r: model.Measurement,
        date: dt.date,
        value: float,
        src: str,
        number: int,
        suspect: bool = False,
    ) -> int:
        """Fold a value into its month bucket (31 day slots, NaN where none); a series that reappears later in
        the file merges into its bucket slot by slot when written.

        A second, different value for a day the bucket already holds (same basis, unit and method; hourly series
        hold several values a day by nature) is refused: the row of the first is returned. Buckets are held until
        a batch is full, so repeats are caught within the last MONITORING_BATCH months of series read."""
        key = f"{parts[1]}{date.year:04d}-{date.month:02d}{parts[2]}"
        bucket = self.buckets.get(key)
        if bucket is None:
            if len(self.buckets) >= MONITORING_BATCH:
                self._flush()
            bucket = self.buckets[key] = {
                "key": key,
                "outlet": parts[0],
                "pollutant": r.pollutant_code,
                "month": date.replace(day=1),
                "method": r.method,
                "basis": r.basis,
                "unit": r.unit,
                "src": src,
                "values": [math.nan] * 31,
                "rows": 0,  # rows folded in (what leaving the bucket out rejects)
                "runs": [],  # their row numbers, as [first, last] runs (a series' rows mostly follow each other)
            }
            self.rows_at[key] = [0] * 31
        slot = date.day - 1
        if suspect:  # an implausible value: kept apart, evidence of bad data rather than a measurement
            bucket.setdefault("suspect", [math.nan] * 31)[slot] = value
            _count(bucket, number)
            return 0
        values = bucket["values"]
        before = values[slot]
        if before == before and before != value and r.basis not in SEVERAL_A_DAY:  # NaN: no value yet
            return self.rows_at[key][slot] or -1
        values[slot] = value
        self.rows_at[key][slot] = number
        _count(bucket, number)
        return 0

    def _flush(self) -> None:
        if self.monitoring and self.buckets:
            payload: Any = [pack_bucket(b) for b in self.buckets.values()]
            kind = "buckets"
            self.buckets, self.rows_at = {}, {}
        elif self.rows:
            payload, kind = self.rows, "rows"
            self.rows = []
        else:
            return
        self.spool.dump(self.index, kind, payload)

    def close(self) -> None:
        self._flush()


def _sent(bucket: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in bucket.items() if k != "runs"}


def _count(bucket: dict[str, Any], number: int) -> None:
    """One more row folded into a bucket, and its row number."""
    bucket["rows"] += 1
    runs = bucket["runs"]
    if runs and runs[-1][1] == number - 1:
        runs[-1][1] = number
    else:
        runs.append([number, number])


def batches(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
