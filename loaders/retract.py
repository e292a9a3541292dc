"""Retractions: monitoring values a source withdrew, given as a CSV of the monitoring layout's identifying columns
(enterprise_uscc, outlet_code, pollutant_code, date, unit; optional site, basis, method; a value column, if any, is
ignored). Each row names one day of one series; its value is taken out of its bucket and the bucket's exceedances
are derived again."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError

from graph import codes
from graph.db import Database
from graph.model import Basis, Method, ObservedDay, Owned, Uscc
from loaders import normalise as n
from loaders.plans import key_parts
from loaders.read import RowError
from loaders.sources import SourceError, csv_rows

REQUIRED = ("enterprise_uscc", "outlet_code", "pollutant_code", "date", "unit")
BATCH = 2000


class Retracted(Owned):
    """One retracted value: the day of one series."""

    enterprise_uscc: Uscc
    site: str = ""
    outlet_code: str = Field(min_length=1)
    pollutant_code: str = Field(pattern=codes.POLLUTANT_RE.pattern)
    date: ObservedDay
    unit: str
    basis: Basis = "daily"
    method: Method = "auto"

    @property
    def bucket(self) -> str:
        """The bucket key the value sits in (as loaders.plans.key_parts makes it)."""
        _, head, tail = key_parts(self)
        return f"{head}{self.date.year:04d}-{self.date.month:02d}{tail}"


@dataclass
class RetractSummary:
    rows: int = 0
    retracted: int = 0  # values taken out (a day without a value in the graph retracts nothing)
    buckets: int = 0
    errors: list[RowError] = field(default_factory=list)


def read_retractions(path: Path) -> tuple[list[Retracted], list[RowError]]:
    """The rows of a retraction file, each checked; every problem located. The file is read as every CSV the
    loaders read (encoding detected, a broken file one located error)."""
    rows, errors = [], []
    try:
        lines = csv_rows(path, None)
        _, header = next(lines, (0, []))
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            return [], [
                RowError(path.name, 0, c, "a column of that name in the header", "no such column") for c in missing
            ]
        for number, cells in lines:
            values: dict[str, Any] = {k: v.strip() for k, v in zip(header, cells, strict=False) if k and v.strip()}
            values.pop("value", None)
            try:
                if "unit" in values:
                    values["unit"] = n.canonical_unit(values["unit"]).unit
                for name in ("enterprise_uscc", "outlet_code", "site"):
                    if name in values:
                        values[name] = n.uppercase_code(values[name])
                if "pollutant_code" in values:
                    medium = n.medium_of(values.get("outlet_code"), values.get("unit"))
                    values["pollutant_code"] = n.pollutant_code(values["pollutant_code"], medium=medium)
                rows.append(Retracted.model_validate(values))
            except ValueError as exc:
                column, expected = "(row)", str(exc)
                if isinstance(exc, ValidationError) and exc.errors():
                    first = exc.errors()[0]
                    column = str(first["loc"][0]) if first["loc"] else column
                    expected = "a value" if first["type"] == "missing" else first["msg"].removeprefix("Value error, ")
                errors.append(RowError(path.name, number, column, expected, ",".join(cells)[:160]))
    except (SourceError, OSError) as exc:
        errors.append(RowError(path.name, getattr(exc, "row", 0), "(file)", "a readable CSV file", str(exc)[:300]))
    return rows, errors


def retract(db: Database, path: Path) -> RetractSummary:
    """Take the file's values out of the graph (nothing when any row is invalid), then re-derive exceedances."""
    rows, errors = read_retractions(path)
    summary = RetractSummary(rows=len(rows) + len(errors), errors=errors)
    if errors:
        return summary
    load = f"retract-{uuid.uuid4().hex[:12]}"
    keys: set[str] = set()
    for i in range(0, len(rows), BATCH):
        batch = [{"key": r.bucket, "slot": r.date.day - 1} for r in rows[i : i + BATCH]]
        result, _ = db.write("retract_monitoring_values", rows=batch, load=load)
        for r in result:
            keys.add(str(r["key"]))
            summary.retracted += int(r["retracted"])
    ordered = sorted(keys)
    for i in range(0, len(ordered), BATCH):
        db.write("derive_exceedances", keys=ordered[i : i + BATCH])
    summary.buckets = len(keys)
    return summary
