"""A node type's data fields, derived from the row models that write its label's properties (graph/model).

A property is declared once, on its row model, with its description (`Field(description=…)`): its GraphQL field
follows — its name, its type and whether it may be null:
- text, numbers, booleans and dates map to themselves, a `Literal` to text, a tuple to a list;
- a field is non-null only when every row model of the label must give it, or fills it with a default of its own
  (an optional field whose default is empty, None or () leaves the property unset; a list a factory makes is
  written, empty or not);
- a reference field names another node (`Ref`): it is an edge, and its field is the relationship's (`one`, `many`).
A type declares by hand only what no row states (a computed key, a field read from elsewhere) or what its resolvers
read by name; a field it declares is not derived again.
"""

from __future__ import annotations

import datetime as dt
import inspect
import types
import typing
from collections.abc import Callable
from typing import Any, TypeVar

import strawberry
from pydantic.fields import FieldInfo

from graph.model import Row, node_rows
from graph.model.base import Ref

T = TypeVar("T")
_EMPTY: tuple[Any, ...] = ("", None, ())
_SCALARS = (str, int, float, bool, dt.date)


def _plain(annotation: Any) -> tuple[Any, bool]:
    """The GraphQL-facing Python type of a row field's annotation, and whether the annotation admits None."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) != 1:
            raise TypeError(f"no GraphQL type for the union {annotation}")
        return _plain(args[0])[0], True
    if typing.get_origin(annotation) is typing.Literal:
        return str, False
    if typing.get_origin(annotation) in (tuple, list):
        return list[_plain(typing.get_args(annotation)[0])[0]], False  # type: ignore[misc]
    if annotation not in _SCALARS:
        raise TypeError(f"no GraphQL type for {annotation}")
    return annotation, False


def _is_ref(info: FieldInfo) -> bool:
    return any(isinstance(m, Ref) for m in info.metadata) or any(
        isinstance(m, Ref) for m in getattr(info.annotation, "__metadata__", ())
    )


def row_fields(label: str) -> dict[str, tuple[Any, str | None]]:
    """name → (GraphQL type, description) of every non-reference property the label's row models write."""
    rows: list[type[Row]] = [r for r in node_rows() if label == r.NODE]
    fields: dict[str, tuple[Any, str | None]] = {}
    for row in rows:
        for name, info in row.model_fields.items():
            if name not in fields and not _is_ref(info):
                kind = _plain(info.annotation)[0]
                description = next((d for r in rows if (d := _description(r, name))), None)
                fields[name] = (kind | None if _may_lack(rows, name) else kind, description)
    return fields


def _description(row: type[Row], name: str) -> str | None:
    info = row.model_fields.get(name)
    return info.description if info is not None else None


def _empty_default(info: FieldInfo) -> bool:
    """Whether a field's default leaves the property unset: "", None or (); a list made by a factory is written
    (an empty list is a value)."""
    return info.default_factory is None and info.default in _EMPTY


def _may_lack(rows: list[type[Row]], name: str) -> bool:
    """Whether a node of these rows may lack the property: a row model without it, or one that may leave it empty."""
    for row in rows:
        info = row.model_fields.get(name)
        if info is None or _plain(info.annotation)[1] or (not info.is_required() and _empty_default(info)):
            return True
    return False


def derived(label: str, *, hide: tuple[str, ...] = ()) -> Callable[[type[T]], type[T]]:
    """Give a node type (before `@strawberry.type`) the data fields of its label's row models that it does not
    declare itself, first, in the models' order; `hide` names properties the API does not show."""

    def add(cls: type[T]) -> type[T]:
        own = dict(inspect.get_annotations(cls))
        added: dict[str, Any] = {}
        for name, (kind, description) in row_fields(label).items():
            declared = name in own or f"{name}_" in own  # `id_`: a node's own `id` property, under another name
            if declared or name in hide or any(name in vars(base) for base in cls.__mro__[1:]):
                continue
            if not description:
                raise TypeError(f"{label}.{name}: a property the API shows needs a description in its row model")
            added[name] = kind
            setattr(cls, name, strawberry.field(description=description))
        cls.__annotations__ = added | own
        cls.DERIVED = tuple(added)  # type: ignore[attr-defined]  # (for the tests: what was not declared by hand)
        return cls

    return add
