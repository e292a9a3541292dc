"""A property is declared once, on its row model: the GraphQL field follows, and no type writes it again by hand."""

from __future__ import annotations

import datetime as dt
import inspect
from typing import Annotated, Literal

import pytest
import strawberry
from pydantic import Field

from graph.model import Row, node_rows
from graph.model.base import Ref
from schema import properties
from schema.node_types import NODE_TYPES
from schema.properties import _may_lack, _plain, derived, row_fields

# Properties a type declares although a row states them, each for a reason written beside it in the type.
BY_HAND = {("Outlet", "auto_monitored")}
NODE_FIELDS = {"id", "source"}  # the Node interface's: the global id and provenance (a node's `id` is `id_`)


def _hand_declared(cls: type) -> set[str]:
    declared = {name for c in cls.__mro__ for name in inspect.get_annotations(c) if not name.startswith("_")}
    return declared - set(getattr(cls, "DERIVED", ()))


def test_every_property_a_row_states_is_a_derived_field_with_its_description() -> None:
    labels = {row.NODE for row in node_rows()}
    checked = 0
    for label, cls in NODE_TYPES.items():
        if label not in labels:
            continue
        shown = {f.python_name: f for f in cls.__strawberry_definition__.fields}  # type: ignore[attr-defined]
        for name, (kind, description) in row_fields(label).items():
            field = shown.get(name)
            if field is None or name in NODE_FIELDS or (label, name) in BY_HAND:
                continue
            assert field.description == description, (label, name)
            assert field.type_annotation is None or field.type_annotation.annotation == kind, (label, name)
            checked += 1
        doubled = _hand_declared(cls) & set(row_fields(label)) - NODE_FIELDS - {n for lab, n in BY_HAND if lab == label}
        assert not doubled, f"{label} declares by hand what its row models state: {sorted(doubled)}"
    assert checked > 100


class _Sample(Row):
    needed: str = Field(description="d")
    empty_default: str = Field(default="", description="d")
    own_default: Literal["daily", "hourly"] = Field(default="daily", description="d")
    maybe: float | None = Field(default=None, description="d")
    listed: list[str] = Field(default_factory=list, description="d")
    kinds: tuple[Literal["a", "b"], ...] = Field(description="d")
    day: dt.date = Field(description="d")
    other: Annotated[str, Ref("Outlet")] = Field(description="d")


@pytest.mark.parametrize(
    ("name", "kind", "may_lack"),
    [
        ("needed", str, False),
        ("empty_default", str, True),  # "" is written as no property
        ("own_default", str, False),  # a default of its own is always written
        ("maybe", float, True),
        ("listed", list[str], False),  # a list a factory makes is written, empty or not
        ("kinds", list[str], False),
        ("day", dt.date, False),
    ],
)
def test_a_row_fields_type_and_nullability(name: str, kind: object, may_lack: bool) -> None:
    assert _plain(_Sample.model_fields[name].annotation)[0] == kind
    assert _may_lack([_Sample], name) is may_lack


def test_a_property_is_null_when_any_row_of_its_label_may_lack_it() -> None:
    class _Other(Row):
        needed: str = Field(description="d")

    class _Without(Row):
        day: dt.date = Field(description="d")

    assert _may_lack([_Other, _Sample], "needed") is False
    assert _may_lack([_Without, _Sample], "needed") is True


def test_a_shown_property_without_a_description_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(properties, "row_fields", lambda _: {"name": (str, None)})
    with pytest.raises(TypeError, match=r"Enterprise\.name: a property the API shows needs a description"):

        @strawberry.type
        @derived("Enterprise")
        class _Bare:
            pass
