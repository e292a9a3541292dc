"""Load source files into Neo4j: validate everything first, then batched, idempotent, resumable writes.

- Atomic with respect to bad data: by default nothing is written when any row is invalid (bad values, codes
  missing from the bundled tables, references to records that exist neither in the files nor in the graph);
  with `skip_invalid` the valid rows are loaded and the others go to a rejects file with their reasons.
- Idempotent and resumable: every write is an `UNWIND $rows … MERGE` on natural keys in its own transaction,
  so loading the same files twice leaves identical counts, and a load killed half-way is completed by running
  it again. Each load is a (:LoadRun) node; one left `running` was interrupted.
- Provenance: every node written records `_src` (file[#sheet]:row) and `_load` (the LoadRun id); a later load
  that changes a node's values first records the old ones in a (:Change) node linked by [:CHANGED].

The stages, one module each, in the order a load passes rows through them, each handing on to the next and none
calling back: `sources` (files → records), `read` (records → validated rows, located errors), `validate` (every
file, references, duplicates; the valid rows to the spool), `spool` (rows and month buckets, in a temporary file;
rows pointing at a node found missing at the end of the pass are left out there, no file is read twice), `plans`
and `write` (each batch's write queries, replayed in transactions); `report` holds what they report. This module
runs them.
"""

from __future__ import annotations

import time
import uuid
from pathlib import Path

from graph.db import Database
from loaders.mapping import Mapping
from loaders.plans import pack_bucket
from loaders.report import FileSummary, LoadRejected, LoadSummary, Progress, Validation, write_report
from loaders.sources import mojibake
from loaders.spool import Spool
from loaders.validate import as_mapping, validate
from loaders.write import declared_pollutants, replay, seed_reference

__all__ = [
    "FileSummary",
    "LoadRejected",
    "LoadSummary",
    "Progress",
    "Spool",
    "Validation",
    "load",
    "pack_bucket",
    "seed_reference",
    "validate",
    "write_report",
]


def load(
    db: Database,
    source: Path | Mapping,
    progress: Progress | None = None,
    *,
    strict: bool = False,
    skip_invalid: bool = False,
    rejects: Path | None = None,
    replace: bool = False,
) -> LoadSummary:
    """Validate, then load; raises LoadRejected (nothing written) on invalid rows unless `skip_invalid`.

    `replace`: the monitoring files are the authority on every series-month they give a value for; a value the
    graph holds there that they no longer give is retracted (kept in a Change), and its exceedances go."""
    started = time.perf_counter()
    mapping = as_mapping(source)
    with Spool() as spool:
        check = validate(mapping, progress, strict=strict, db=db, spool=spool)
        if check.invalid and not skip_invalid:
            raise LoadRejected(check)
        if rejects is not None and check.invalid:
            write_report(check.all_errors(), rejects)
        seed_reference(db)
        if declared := declared_pollutants(mapping):
            db.write("merge_pollutants", rows=declared)
        summary = LoadSummary(load_id=uuid.uuid4().hex[:16], files=check.files, causes=dict(check.causes))
        summary.warnings = encoding_warnings(mapping) + flag_warnings(check.files) + check.settled
        summary.resumed = [r["id"] for r in db.read("find_unfinished_loads", source=mapping.source)]
        db.write(
            "start_load_run", id=summary.load_id, source=mapping.source, files=[str(r.path) for r in mapping.files]
        )
        specs = [rule.spec for rule in mapping.files]
        replay(db, spool, specs, summary, progress, missing=check.missing, replace=replace)
    if mapping.explicit:  # an entry named on purpose that loads nothing is an error, not a 0-row success
        summary.empty = [f.file for f in summary.files if f.rows_written == 0]
    for old in summary.resumed:
        db.write("finish_load_run", id=old, rows=0, rejected=0)  # completed by this run
    db.write("finish_load_run", id=summary.load_id, rows=summary.total("rows_written"), rejected=check.invalid)
    summary.seconds = time.perf_counter() - started
    return summary


FLAG_WORDS = {
    "industry_problem": "an industry the bundled GB/T 4754 table does not resolve (kept as given; a gap in the table, "
    "not the enterprise's fault)",
    "uscc_problem": "a USCC failing its check digit (kept; data_quality finds it)",
    "number_problem": "a permit number failing its check (kept; data_quality finds it)",
    "bound_problem": "a lower limit repeating the upper one (not judged)",
    "code_problem": "an HJ 608 outlet code with a suffix (DA008-2: kept as given, not cut to DA008)",
    "categories_problem": "a hazardous-waste licence whose categories are not published (judged on validity alone)",
}


def flag_warnings(files: list[FileSummary]) -> list[str]:
    """One line per file and flag: how many loaded rows the loaders flagged, and what that means."""
    return [
        f"{f.file}: {count:,} row(s) with {FLAG_WORDS.get(flag, flag)}"
        for f in files
        for flag, count in sorted(f.flags.items())
    ]


def encoding_warnings(mapping: Mapping) -> list[str]:
    """A located warning for each text file whose declared encoding reads it as garbled text of another."""
    files = sorted({(r.path, r.encoding) for r in mapping.files if r.encoding})
    text = [(p, e) for p, e in files if p.suffix.lower() in (".csv", ".txt", ".jsonl") and p.is_file()]
    return [w for p, e in text if (w := mojibake(p, e)) is not None]
