"""The values a read returns, typed: what crosses from the driver into `schema/` (a Neo4j property is a scalar, a
date or a list of them; a query may also return maps and lists of those, e.g. a hop's page of nodes)."""

from __future__ import annotations

import datetime as dt
from typing import TypeAlias

Scalar: TypeAlias = str | int | float | bool | dt.date | dt.datetime | None
Value: TypeAlias = "Scalar | list[Value] | dict[str, Value]"
Record: TypeAlias = dict[str, Value]  # one row of a read: a column per name
Props: TypeAlias = dict[str, Value]  # a node's property map (`n {.*}`)


def props(value: Value) -> Props:
    """A map column (a node's properties, or a map a query built); anything else is a query that broke its
    contract, raised as a TypeError (an internal error, never shown to a caller in detail)."""
    if not isinstance(value, dict):
        raise TypeError(f"expected a map, got {type(value).__name__}")
    return value


def maps(value: Value) -> list[Props]:
    """A list-of-maps column (a page of nodes); null is the empty list."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise TypeError(f"expected a list, got {type(value).__name__}")
    return [props(v) for v in value]


def integer(value: Value) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"expected an integer, got {type(value).__name__}")
    return value


def number(value: Value, default: float | None = None) -> float:
    """A float column (an integer is widened); null is `default` when one is given."""
    if value is None and default is not None:
        return default
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise TypeError(f"expected a number, got {type(value).__name__}")
    return float(value)


def text(value: Value) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return value


def optional_text(value: Value) -> str | None:
    return None if value is None else text(value)


def optional_number(value: Value) -> float | None:
    return None if value is None else number(value)
