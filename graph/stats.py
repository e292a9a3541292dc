"""Counts over the whole graph, for /health, dashboards and load checks."""

from __future__ import annotations

from graph.db import Database
from graph.migrations import NODE_KEYS

MODEL_LABELS = tuple(label for label, _ in NODE_KEYS if label != "SchemaMigration")


def label_counts(db: Database) -> dict[str, int]:
    """Nodes per model label, in model order; 0 for a label never used (Neo4j returns no row for those)."""
    found = {r["label"]: r["count"] for r in db.read("count_labels")}
    return {label: found.get(label, 0) for label in MODEL_LABELS}
