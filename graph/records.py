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


_AS_IS = frozenset({str, int, float, bool, type(None)})


def row(keys: list[str], values: list[object]) -> Record:
    """A driver record's columns as `Record.data()` gives them, without its per-value type dispatch for the values
    reads return most (scalars, lists, maps): nodes become their property maps, relationships (start, type, end),
    paths lists of both; anything else stays as it is."""
    return {k: _plain(v) for k, v in zip(keys, values, strict=True)}


def _plain(value: object) -> Value:
    kind = type(value)
    if kind in _AS_IS:
        return value  # type: ignore[return-value]
    if kind is list:
        return [_plain(v) for v in value]  # type: ignore[attr-defined]
    if kind is dict:
        return {k: _plain(v) for k, v in value.items()}  # type: ignore[attr-defined]
    return _graph(value)


def _graph(value: object) -> Value:
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, Relationship):
        start, end = value.start_node, value.end_node
        assert start is not None and end is not None
        return (_graph(start), type(value).__name__, _graph(end))  # type: ignore[return-value]
    if isinstance(value, Path):
        out: list[Value] = [_graph(value.start_node)]
        for i, rel in enumerate(value.relationships):
            out += [type(rel).__name__, _graph(value.nodes[i + 1])]
        return out
    if isinstance(value, tuple) and type(value) is tuple:
        return tuple(_plain(v) for v in value)  # type: ignore[return-value]
    return value  # type: ignore[return-value]  # temporal and spatial values, bytes: as the driver gives them
