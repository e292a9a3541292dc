"""Turn driver values (neo4j.time.Date …) into plain Python for strawberry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from neo4j.time import Date, DateTime


def plain(value: Any) -> Any:
    """Recursively convert neo4j temporal values to datetime objects."""
    if isinstance(value, Date | DateTime):
        return value.to_native()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def date_or_none(value: Any) -> dt.date | None:
    return plain(value) if value is not None else None
