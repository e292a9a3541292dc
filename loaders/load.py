"""Load a folder of layout files into Neo4j: validate everything first, then batched, idempotent writes.

Nothing is written when any row is invalid: the caller gets every located error instead. Every write is
an `UNWIND $rows … MERGE` on natural keys, so loading the same files twice leaves identical counts.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph import model
from graph.db import Database
from graph.model import site_key
from loaders.layout import LAYOUT, FileSpec
from loaders.read import RowError, read_rows
from loaders.tables import table

BATCH = 5000
MONITORING_BATCH = 1000  # buckets of 31 values each
MAX_ERRORS = 1000  # errors kept for the report; the count goes on


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
    unresolved: int = 0  # rows whose referenced node (enterprise, permit, …) was not in the graph
    nodes_created: int = 0
    relationships_created: int = 0
    properties_set: int = 0
    seconds: float = 0.0


@dataclass
class LoadSummary:
    files: list[FileSummary] = field(default_factory=list)
    seconds: float = 0.0

    def total(self, attr: str) -> int:
        return sum(int(getattr(f, attr)) for f in self.files)


Progress = Callable[[str, int, int], None]  # (file name, bytes advanced, total bytes of the file)


def files_in(folder: Path) -> list[tuple[FileSpec, Path]]:
    """The layout files present in `folder`, in load order."""
    return [(spec, folder / spec.name) for spec in LAYOUT if (folder / spec.name).exists()]


def validate(folder: Path, progress: Progress | None = None) -> tuple[int, list[RowError], int]:
    """Check every file without touching the database: (rows read, first errors, error count)."""
    errors: list[RowError] = []
    count = rows = 0
    for spec, path in files_in(folder):
        size = path.stat().st_size
        on_bytes = (lambda b, n=spec.name, s=size: progress(n, b, s)) if progress else None
        for _, result in read_rows(path, spec, on_bytes):
            rows += 1
            if isinstance(result, list):
                count += 1
                if len(errors) < MAX_ERRORS:
                    errors.extend(result)
    return rows, errors, count


def seed_reference(db: Database) -> None:
    """Load the bundled region, industry and pollutant tables (idempotent)."""

    def parent_of(code: str, kind: str) -> str | None:
        if kind == "regions":
            chain = [c for c in (code[:4] + "00", code[:2] + "0000") if c != code]
            known = {r["code"] for r in table("regions")}
            return next((c for c in chain if c in known), None)
        return code[:-1] if len(code) > 2 else None

    for kind, query in (("regions", "merge_regions"), ("industries", "merge_industries")):
        rows = sorted(table(kind), key=lambda r: len(r["code"].rstrip("0")) if kind == "regions" else len(r["code"]))
        db.write(query, rows=[{**r, "parent": parent_of(r["code"], kind)} for r in rows])
    db.write("merge_pollutants", rows=list(table("pollutants")))


def load(db: Database, folder: Path, progress: Progress | None = None) -> LoadSummary:
    """Validate then load every layout file in `folder`; raises LoadRejected (nothing written) on bad rows."""
    started = time.perf_counter()
    _, errors, count = validate(folder)
    if count:
        raise LoadRejected(errors, count)
    seed_reference(db)
    summary = LoadSummary()
    for spec, path in files_in(folder):
        size = path.stat().st_size
        on_bytes = (lambda b, n=spec.name, s=size: progress(n, b, s)) if progress else None
        rows = (r for _, r in read_rows(path, spec, on_bytes) if isinstance(r, model.Row))
        summary.files.append(_load_file(db, spec, rows))
    summary.seconds = time.perf_counter() - started
    return summary


def _batches(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _load_file(db: Database, spec: FileSpec, rows: Iterator[model.Row]) -> FileSummary:
    fs = FileSummary(spec.name)
    t0 = time.perf_counter()
    if spec.row is model.Measurement:
        _load_monitoring(db, rows, fs)  # type: ignore[arg-type]
    else:
        for batch in _batches(rows, BATCH):
            fs.rows_read += len(batch)
            for query, params in _plans(spec, batch):
                _write(db, query, params, fs, count_rows=query not in _SECONDARY)
    fs.seconds = time.perf_counter() - t0
    return fs


def _write(db: Database, query: str, rows: list[dict[str, Any]], fs: FileSummary, count_rows: bool = True) -> None:
    if not rows:
        return
    result, counters = db.write(query, rows=rows)
    matched = int(result[0]["matched"]) if result and "matched" in result[0] else len(rows)
    if count_rows:
        fs.rows_written += matched
        fs.unresolved += len(rows) - matched
    fs.nodes_created += counters.nodes_created
    fs.relationships_created += counters.relationships_created
    fs.properties_set += counters.properties_set


# Queries that add links for rows another query of the same batch already wrote: not counted as rows again.
_SECONDARY = {"link_subsidiaries"}


def _props(row: model.Row, *drop: str) -> dict[str, Any]:
    return {k: v for k, v in row.props().items() if k not in drop}


def _plans(spec: FileSpec, batch: list[Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    """The named write queries and their rows for one batch of one file."""
    r: Any
    match spec.row:
        case model.Enterprise:
            plans = [("merge_enterprises", [{"key": r.uscc, "props": _props(r, "uscc")} for r in batch])]
            parents = [{"key": r.uscc, "parent": r.parent_uscc} for r in batch if r.parent_uscc]
            return [*plans, ("link_subsidiaries", parents)] if parents else plans
        case model.ProductionFacility:
            return [("merge_production_facilities", _site_rows(batch))]
        case model.TreatmentFacility:
            return [("merge_treatment_facilities", _site_rows(batch))]
        case model.Outlet:
            return [("merge_outlets", _site_rows(batch))]
        case model.Flow:
            by_kind: dict[tuple[str, str], list[dict[str, Any]]] = {}
            for r in batch:
                link = {"from": site_key(r.enterprise_uscc, r.from_code), "to": site_key(r.enterprise_uscc, r.to_code)}
                by_kind.setdefault(r.kinds, []).append(link)
            names = {
                ("production", "treatment"): "merge_feeds",
                ("treatment", "outlet"): "merge_treated_discharges",
                ("production", "outlet"): "merge_untreated_discharges",
            }
            return [(names[k], v) for k, v in by_kind.items()]
        case model.EIAApproval:
            return [
                (
                    "merge_eia_approvals",
                    [{"key": r.doc_number, "uscc": r.enterprise_uscc, "props": _props(r, "doc_number")} for r in batch],
                )
            ]
        case model.EIAFacility:
            return [
                (
                    "merge_eia_facilities",
                    [{"doc": r.doc_number, "facility": site_key(r.enterprise_uscc, r.facility_code)} for r in batch],
                )
            ]
        case model.EIAAmount:
            return [
                (
                    "merge_eia_amounts",
                    [{"doc": r.doc_number, "pollutant": r.pollutant_code, "amount_t": r.amount_t} for r in batch],
                )
            ]
        case model.Permit:
            return [
                (
                    "merge_permits",
                    [{"key": r.number, "uscc": r.enterprise_uscc, "props": _props(r, "number")} for r in batch],
                )
            ]
        case model.PermitEvent:
            return [
                ("merge_permit_events", [{"key": r.key, "permit": r.permit_number, "props": _props(r)} for r in batch])
            ]
        case model.PermitEIA:
            return [("merge_permit_eia", [{"permit": r.permit_number, "doc": r.doc_number} for r in batch])]
        case model.PermitLimit:
            return [
                (
                    "merge_permit_limits",
                    [
                        {
                            "key": r.key,
                            "permit": r.permit_number,
                            "pollutant": r.pollutant_code,
                            "outlet": site_key(r.permit_number[:18], r.outlet_code) if r.outlet_code else None,
                            "props": _props(r),
                        }
                        for r in batch
                    ],
                )
            ]
        case model.HazardousWasteLicence:
            return [
                (
                    "merge_hw_licences",
                    [{"key": r.number, "uscc": r.holder_uscc, "props": _props(r, "number")} for r in batch],
                )
            ]
        case model.WasteTransfer:
            return [
                (
                    "merge_waste_transfers",
                    [
                        {
                            "key": r.manifest_no,
                            "from": r.from_uscc,
                            "to": r.to_uscc,
                            "props": _props(r, "manifest_no") | {"category": r.category},
                        }
                        for r in batch
                    ],
                )
            ]
        case model.ExecutionReport:
            return [
                (
                    "merge_execution_reports",
                    [{"key": r.key, "permit": r.permit_number, "props": _props(r)} for r in batch],
                )
            ]
        case model.ReportEmission:
            return [
                (
                    "merge_report_emissions",
                    [
                        {
                            "report": f"{r.permit_number}:{r.period}",
                            "pollutant": r.pollutant_code,
                            "actual_t": r.actual_t,
                        }
                        for r in batch
                    ],
                )
            ]
        case model.Inspection:
            return [
                (
                    "merge_inspections",
                    [{"key": r.id, "uscc": r.enterprise_uscc, "props": _props(r, "id")} for r in batch],
                )
            ]
        case model.Violation:
            return [
                (
                    "merge_violations",
                    [
                        {
                            "key": r.id,
                            "uscc": r.enterprise_uscc,
                            "inspection": r.inspection_id or None,
                            "permit": r.permit_number or None,
                            "pollutant": r.pollutant_code or None,
                            "outlet": site_key(r.enterprise_uscc, r.outlet_code) if r.outlet_code else None,
                            "props": _props(r, "id"),
                        }
                        for r in batch
                    ],
                )
            ]
        case model.Penalty:
            return [
                (
                    "merge_penalties",
                    [
                        {"key": r.decision_number, "violation": r.violation_id, "props": _props(r, "decision_number")}
                        for r in batch
                    ],
                )
            ]
    raise AssertionError(f"no write plan for {spec.name}")


def _site_rows(batch: list[Any]) -> list[dict[str, Any]]:
    return [{"key": r.key, "uscc": r.enterprise_uscc, "props": _props(r)} for r in batch]


def bucket_key(outlet_key: str, pollutant: str, month: str, method: str) -> str:
    return f"{outlet_key}:{pollutant}:{month}:{method}"


def _load_monitoring(db: Database, rows: Iterator[model.Measurement], fs: FileSummary) -> None:
    """Fold values into month buckets (31 day slots, NaN where none) and write them in batches.

    Rows of one series are usually contiguous; a bucket is flushed when its key changes, so memory stays
    bounded by the batch. A series that reappears later merges into its bucket slot by slot.
    """
    pending: dict[str, dict[str, Any]] = {}
    for r in rows:
        fs.rows_read += 1
        okey = site_key(r.enterprise_uscc, r.outlet_code)
        month = r.date.replace(day=1)
        key = bucket_key(okey, r.pollutant_code, month.strftime("%Y-%m"), r.method)
        bucket = pending.get(key)
        if bucket is None:
            if len(pending) >= MONITORING_BATCH:
                _flush_buckets(db, pending, fs)
                pending = {}
            bucket = pending[key] = {
                "key": key,
                "outlet": okey,
                "pollutant": r.pollutant_code,
                "month": month,
                "method": r.method,
                "basis": r.basis,
                "unit": r.unit,
                "values": [math.nan] * 31,
            }
        bucket["values"][r.date.day - 1] = r.value
    _flush_buckets(db, pending, fs)


def _flush_buckets(db: Database, pending: dict[str, dict[str, Any]], fs: FileSummary) -> None:
    if not pending:
        return
    result, counters = db.write("merge_monitoring_months", rows=list(pending.values()))
    written = set(result[0]["keys"]) if result else set()
    for key, bucket in pending.items():
        values = sum(1 for v in bucket["values"] if not math.isnan(v))
        if key in written:
            fs.rows_written += values
        else:
            fs.unresolved += values
    fs.nodes_created += counters.nodes_created
    fs.relationships_created += counters.relationships_created
    fs.properties_set += counters.properties_set
    # Exceedances are derived per bucket, replacing the bucket's old ones: the net change is what counts.
    _, derived = db.write("derive_exceedances", keys=sorted(written))
    fs.nodes_created += derived.nodes_created - derived.nodes_deleted
    fs.relationships_created += derived.relationships_created - derived.relationships_deleted
