"""Writing: the batches replayed in file order (bucket batches on concurrent writers), each one transaction of MERGEs,
with the summary counters; the bundled code tables."""

from __future__ import annotations

import contextlib
import gc
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from graph.db import Database
from loaders.layout import FileSpec
from loaders.mapping import Mapping
from loaders.normalise import local_pollutant_code
from loaders.plans import MONITORING_BATCH, SECONDARY, plans_for
from loaders.report import FileSummary, LoadSummary, Progress
from loaders.spool import Missing, Spool, kept
from loaders.tables import names, table, tables_digest


def seed_reference(db: Database) -> None:
    """Load the bundled region, industry and pollutant tables (idempotent; skipped when the graph holds these
    very tables already: the regions alone are some 4,000 rows)."""
    digest = tables_digest()
    if [r["digest"] for r in db.read("get_code_tables")] == [digest]:
        return

    known = frozenset(names("regions"))

    def parent_of(code: str, kind: str) -> str | None:
        if kind == "regions":
            chain = [c for c in (code[:4] + "00", code[:2] + "0000") if c != code]
            return next((c for c in chain if c in known), None)
        return code[:-1] if len(code) > 2 else None

    for kind, query in (("regions", "merge_regions"), ("industries", "merge_industries")):
        rows = sorted(table(kind), key=lambda r: len(r["code"].rstrip("0")) if kind == "regions" else len(r["code"]))
        db.write(query, rows=[{**r, "parent": parent_of(r["code"], kind)} for r in rows])
    db.write("merge_pollutants", rows=list(table("pollutants")))
    db.write("mark_code_tables", digest=digest)


def declared_pollutants(mapping: Mapping) -> list[dict[str, Any]]:
    """The pollutants a mapping declares outside HJ 212 (`name = "local"` in its [pollutants]), as dictionary rows
    under their stable local codes; their medium and unit are not known."""
    return [
        {"code": local_pollutant_code(name), "name": name, "medium": None, "unit": None, "sources": "mapping"}
        for name, code in sorted(mapping.pollutants.items())
        if isinstance(code, str) and code.strip().lower() == "local"
    ]


COLLECT_EVERY = 8  # spooled batches between two full garbage collections while writing (see replay)


WRITERS = 2  # concurrent bucket writers: Neo4j uses a core per transaction, and Python is idle while replaying


def replay(
    db: Database,
    spool: Spool,
    specs: list[FileSpec],
    summary: LoadSummary,
    progress: Progress | None,
    *,
    missing: Missing | None = None,
    replace: bool = False,
) -> None:
    """Write the spooled batches in file order (`specs`: each file's); a file's bucket batches go to concurrent
    writers. Rows pointing at a `missing` node are left out (validation counted them as rejected).

    Buckets are independent (one per outlet, pollutant and month; MERGE under the unique constraint is safe when
    two batches meet the same key), while files must stay in order (limits before monitoring). With `replace`
    (see write_buckets) one writer: the first batch to reach a bucket replaces it, so batches must not race.
    """
    writers = 1 if replace else WRITERS
    with ThreadPoolExecutor(max_workers=writers) as pool:
        in_flight: list[Future[None]] = []
        lock = threading.Lock()

        def drain() -> None:
            for future in in_flight:
                future.result()  # re-raises a writer's failure here
            in_flight.clear()

        for done, (index, kind, spooled) in enumerate(spool.replay(), 1):
            fs = summary.files[index]
            payload = kept(kind, spooled, missing or set())[0]
            t0 = time.perf_counter()
            if done % COLLECT_EVERY == 0:
                # The driver's per-query objects form reference cycles that keep each batch's parameters alive
                # until a full collection, which the interpreter runs rarely once a load has made many objects:
                # peak RSS grew with the files (171 MB at 2k enterprises, 279 MB at 20k); with this, 121 and 160 MB.
                gc.collect()
            if kind == "buckets":
                if len(in_flight) >= writers * 2:
                    in_flight.pop(0).result()
                in_flight.append(pool.submit(write_buckets, db, payload, fs, summary.load_id, lock, replace))
            elif payload:
                drain()
                for query, params in plans_for(specs[index], payload):
                    write_rows(db, query, params, fs, summary.load_id, count_rows=query not in SECONDARY)
            fs.seconds += time.perf_counter() - t0
            if progress is not None:
                progress(f"writing {fs.file}", 1, spool.items[index])
        drain()


def rederive(db: Database, outlets: list[str], fs: FileSummary) -> None:
    """Limits changed for these outlets: re-derive the exceedances of the monitoring already in the graph."""
    keys = [r["key"] for r in db.read("find_outlet_buckets", outlets=outlets)]
    for i in range(0, len(keys), MONITORING_BATCH):
        _, derived = db.write("derive_exceedances", keys=keys[i : i + MONITORING_BATCH])
        fs.nodes_created += derived.nodes_created - derived.nodes_deleted
        fs.relationships_created += derived.relationships_created - derived.relationships_deleted


def write_rows(
    db: Database, query: str, rows: list[dict[str, Any]], fs: FileSummary, load_id: str, count_rows: bool = True
) -> None:
    if not rows:
        return
    result, counters = db.write(query, rows=rows, load=load_id)
    matched = int(result[0]["matched"]) if result and "matched" in result[0] else len(rows)
    if count_rows:
        fs.rows_written += matched
        fs.unresolved += len(rows) - matched
    fs.nodes_created += counters.nodes_created
    fs.relationships_created += counters.relationships_created
    fs.properties_set += counters.properties_set
    if query in {"merge_permit_limits", "merge_standard_limits", "merge_eia_limits"}:
        rederive(db, sorted({r["outlet"] for r in rows if r["outlet"]}), fs)


def write_buckets(
    db: Database,
    buckets: list[dict[str, Any]],
    fs: FileSummary,
    load_id: str,
    lock: threading.Lock | None = None,
    replace: bool = False,
) -> None:
    """Merge monitoring buckets and derive their exceedances. With `replace`, the first batch of a load to reach a
    bucket is the authority on its month: values it does not give are retracted (kept in a Change)."""
    result, counters = db.write("merge_monitoring_months", rows=buckets, load=load_id, replace=replace)
    written = set(result[0]["keys"]) if result else set()
    _, derived = db.write("derive_exceedances", keys=sorted(written))
    with lock or contextlib.nullcontext():
        count_buckets(buckets, written, counters, derived, fs)


def count_buckets(
    buckets: list[dict[str, Any]], written: set[str], counters: Any, derived: Any, fs: FileSummary
) -> None:
    for bucket in buckets:
        values = bucket["present"]
        if bucket["key"] in written:
            fs.rows_written += values
        else:
            fs.unresolved += values
    fs.nodes_created += counters.nodes_created
    fs.relationships_created += counters.relationships_created
    fs.properties_set += counters.properties_set
    # Exceedances are derived per bucket, replacing the bucket's old ones: the net change is what counts.
    fs.nodes_created += derived.nodes_created - derived.nodes_deleted
    fs.relationships_created += derived.relationships_created - derived.relationships_deleted
