"""Retractions: monitoring values a source withdrew, given as a CSV of the monitoring layout's identifying columns
(enterprise_uscc, outlet_code, pollutant_code, date, unit; optional site, basis, method; a value column, if any, is
ignored). Each row names one day of one series; its value is taken out of its bucket and the bucket's exceedances
are derived again."""

from __future__ import annotations

import csv
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError

from graph import codes
from graph.db import Database
from graph.model import Basis, Method, ObservedDay, Owned, Uscc, site_key
from loaders import normalise as n
from loaders.read import RowError

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
        month = f"{self.date.year:04d}-{self.date.month:02d}"
        series = f"{site_key(self.owner, self.outlet_code)}:{self.pollutant_code}"
        return f"{series}:{month}:{self.method}:{self.basis}:{self.unit}"


@dataclass
class RetractSummary:
    rows: int = 0
    retracted: int = 0  # values taken out (a day without a value in the graph retracts nothing)
    buckets: int = 0
    errors: list[RowError] = field(default_factory=list)


def read_retractions(path: Path) -> tuple[list[Retracted], list[RowError]]:
    """The rows of a retraction file, each checked; every problem located."""
    rows, errors = [], []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            return [], [
                RowError(path.name, 0, c, "a column of that name in the header", "no such column") for c in missing
            ]
        for number, cells in enumerate(reader, 1):
            values: dict[str, Any] = {k: v.strip() for k, v in cells.items() if k and v and v.strip()}
            values.pop("value", None)
            try:
                if "unit" in values:
                    values["unit"] = n.canonical_unit(values["unit"]).unit
                if "pollutant_code" in values:
                    values["pollutant_code"] = n.pollutant_code(values["pollutant_code"])
                for name in ("enterprise_uscc", "outlet_code", "site"):
                    if name in values:
                        values[name] = n.uppercase_code(values[name])
                rows.append(Retracted.model_validate(values))
            except ValueError as exc:
                column = "(row)"
                if isinstance(exc, ValidationError) and exc.errors():
                    column = str(exc.errors()[0]["loc"][0]) if exc.errors()[0]["loc"] else column
                errors.append(RowError(path.name, number, column, str(exc).splitlines()[-1].strip(), str(cells)[:160]))
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
