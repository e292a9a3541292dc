"""Counts over the whole graph, for /health, dashboards and load checks."""

from __future__ import annotations

from typing import Any

from graph.async_db import AsyncDatabase
from graph.db import Database
from graph.migrations import NODE_KEYS

MODEL_LABELS = tuple(label for label, _ in NODE_KEYS if label != "SchemaMigration")


def label_counts(db: Database) -> dict[str, int]:
    """Nodes per model label, in model order; 0 for a label never used (Neo4j returns no row for those)."""
    return _per_label(db.read("count_labels"))


async def label_counts_async(db: AsyncDatabase) -> dict[str, int]:
    """`label_counts` through the API's async driver."""
    return _per_label(await db.read("count_labels"))


def _per_label(rows: list[dict[str, Any]]) -> dict[str, int]:
    found = {r["label"]: r["count"] for r in rows}
    return {label: found.get(label, 0) for label in MODEL_LABELS}
