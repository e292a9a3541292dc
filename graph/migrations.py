"""Versioned, idempotent schema migrations: uniqueness constraints on every node key, lookup indexes.

Applied migrations are recorded as (:SchemaMigration {version}) nodes; `apply` runs only the pending ones,
and every statement is IF NOT EXISTS, so a second run changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.db import Database
from graph.relations import MODEL, Label


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


# (label, key property) of every node; each gets a uniqueness constraint (which is also its index).
_FOUNDATION_KEYS: tuple[tuple[str, str], ...] = (
    ("Region", "code"),
    ("Industry", "code"),
    ("Pollutant", "code"),
    ("Enterprise", "uscc"),
    ("ProductionFacility", "key"),
    ("TreatmentFacility", "key"),
    ("Outlet", "key"),
    ("EIAApproval", "doc_number"),
    ("Permit", "number"),
    ("PermitEvent", "key"),
    ("PermitLimit", "key"),
    ("HazardousWasteLicence", "number"),
    ("WasteTransfer", "manifest_no"),
    ("ExecutionReport", "key"),
    ("MonitoringMonth", "key"),
    ("Exceedance", "key"),
    ("Inspection", "id"),
    ("Violation", "id"),
    ("Penalty", "decision_number"),
    ("SchemaMigration", "version"),
)
_QUOTA_KEYS: tuple[tuple[str, str], ...] = (("Quota", "id"), ("QuotaTrade", "id"))
NODE_KEYS = _FOUNDATION_KEYS + _QUOTA_KEYS


def _unique(label: str, prop: str) -> str:
    return f"CREATE CONSTRAINT {label.lower()}_{prop}_unique IF NOT EXISTS FOR (n:{label}) REQUIRE n.{prop} IS UNIQUE"


def _index(label: str, *props: str) -> str:
    name = f"{label.lower()}_{'_'.join(props)}"
    cols = ", ".join(f"n.{p}" for p in props)
    return f"CREATE INDEX {name} IF NOT EXISTS FOR (n:{label}) ON ({cols})"


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "node keys", tuple(_unique(label, prop) for label, prop in _FOUNDATION_KEYS)),
    Migration(
        2,
        "lookup indexes",
        (
            _index("Enterprise", "region_code"),
            _index("Enterprise", "industry_code"),
            _index("Enterprise", "management_class"),
            _index("Enterprise", "name"),
            "CREATE TEXT INDEX enterprise_name_text IF NOT EXISTS FOR (n:Enterprise) ON (n.name)",
            _index("Outlet", "code"),
            _index("Permit", "valid_to"),
            _index("Permit", "status"),
            _index("PermitLimit", "outlet_key", "pollutant_code"),
            _index("MonitoringMonth", "outlet_key", "pollutant", "month"),
            _index("MonitoringMonth", "month"),
            _index("Exceedance", "date"),
            _index("Violation", "article"),
            _index("Violation", "date"),
            _index("Inspection", "date"),
            _index("ExecutionReport", "period"),
            _index("ExecutionReport", "due_on"),
            _index("HazardousWasteLicence", "valid_to"),
            _index("WasteTransfer", "date"),
        ),
    ),
    Migration(
        3,
        "provenance",
        (
            _unique("LoadRun", "id"),
            _index("LoadRun", "status"),
            _index("Change", "load"),
        ),
    ),
    Migration(
        4,
        "findings",
        (
            _unique("Finding", "key"),
            _index("Finding", "rule", "status"),
            _index("Finding", "status"),
            _index("Finding", "region_code"),
            _index("Finding", "severity"),
        ),
    ),
    Migration(
        5,
        "total-amount quotas and trading",
        (
            *(_unique(label, prop) for label, prop in _QUOTA_KEYS),
            _index("Quota", "scope"),
            _index("QuotaTrade", "date"),
        ),
    ),
    Migration(
        6,
        "discharge sites and local codes",
        (
            _unique("Site", "key"),
            _index("Site", "site"),
            _index("Site", "source_code"),
            _index("Site", "region_code"),
            _index("Outlet", "local_code"),
        ),
    ),
    Migration(7, "API keys", (_unique("ApiKey", "id"),)),
    Migration(
        8,
        "finding workflow, disclosure lists and the audit trail",
        (
            _unique("DisclosureEntry", "key"),
            _unique("AuditEntry", "id"),
            _index("Finding", "stage"),
            _index("DisclosureEntry", "list", "day"),
            _index("AuditEntry", "at"),
            _index("AuditEntry", "subject"),
        ),
    ),
    Migration(
        9,
        "how far each load's record goes",
        (_index("MonitoringMonth", "_load"), _index("ExecutionReport", "_load")),
    ),
)


def applied_versions(db: Database) -> set[int]:
    rows = db.driver.execute_query("MATCH (m:SchemaMigration) RETURN m.version AS v", database_=db.database).records
    return {r["v"] for r in rows}


def model_keys(labels: tuple[Label, ...] = MODEL) -> tuple[str, ...]:
    """A uniqueness constraint on every label's key in the relation table (graph/relations.py): a label added there
    gets its constraint on the next `apply`, with no migration written by hand."""
    return tuple(_unique(label.name, label.key) for label in labels)


def apply(db: Database, labels: tuple[Label, ...] = MODEL) -> list[Migration]:
    """Apply pending migrations in order, then make sure every label of the relation table has its key
    constraint (IF NOT EXISTS: nothing changes when it has); returns the migrations applied (empty when up to date)."""
    done = applied_versions(db)
    applied = []
    for mig in MIGRATIONS:
        if mig.version in done:
            continue
        # Schema statements cannot share a transaction with data writes: one auto-commit each.
        for stmt in mig.statements:
            db.driver.execute_query(stmt, database_=db.database)
        db.driver.execute_query(
            "MERGE (m:SchemaMigration {version: $v}) SET m.name = $name, m.applied_at = datetime()",
            v=mig.version,
            name=mig.name,
            database_=db.database,
        )
        applied.append(mig)
    existing = {
        r["name"] for r in db.driver.execute_query("SHOW CONSTRAINTS YIELD name", database_=db.database).records
    }
    for label, stmt in zip(labels, model_keys(labels), strict=True):
        if f"{label.name.lower()}_{label.key}_unique" not in existing:
            db.driver.execute_query(stmt, database_=db.database)
    db.driver.execute_query("CALL db.awaitIndexes(300)", database_=db.database)
    return applied
