"""Partial records: the row model of a mapping entry that adds fields to records other entries (or the graph) state
(`adds = true`). Such a row must name its record (its key fields, as the full row does); every other field is
optional, and a field it leaves empty is left as it stands in the graph, never erased."""

from __future__ import annotations

from functools import cache
from typing import Any, Optional

from pydantic import create_model
from pydantic.fields import FieldInfo

from graph import model
from graph.relations import LABELS

# What a node of a computed key is named by, beside its owner: the fields its `key` property joins.
_COMPUTED_KEYS: dict[str, tuple[str, ...]] = {
    "Site": ("site",),
    "ProductionFacility": ("code",),
    "TreatmentFacility": ("code",),
    "Outlet": ("code",),
}


@cache
def key_fields(row: type[model.Row]) -> tuple[str, ...] | None:
    """The fields a partial row of this model must give: what names its node (the label's key, or the parts of a
    computed key) and every node it must link to. None: the model takes no partial rows (a limit, a report)."""
    if row.NODE is None:
        return None
    key = LABELS[row.NODE].key
    own = (key,) if key in row.model_fields else _COMPUTED_KEYS.get(row.NODE)
    if own is None:
        return None
    links = tuple(name for name, _ in model.refs_of(row) if row.model_fields[name].is_required())
    site = ("site",) if "site" in row.model_fields else ()  # part of an owner's key, "" for the enterprise itself
    return tuple(dict.fromkeys((*own, *links, *site)))


@cache
def partial_model(row: type[model.Row]) -> type[model.Row]:
    """`row` with every field but its key fields optional (None: not given). Its rows name their own node as a
    reference: a partial row adds to a record, it never makes one."""
    keys = key_fields(row)
    if keys is None:
        raise ValueError(f"{row.__name__} rows name their record by a key of several parts; they cannot be partial")
    fields: dict[str, Any] = {}
    for name, info in row.model_fields.items():
        if name in keys:
            continue
        loose = FieldInfo.merge_field_infos(info, default=None)
        loose.default_factory = None
        fields[name] = (Optional[info.annotation], loose)  # noqa: UP045 (a runtime type)

    def references(self: model.Row) -> list[tuple[str, str, str]]:
        own = (keys[0], str(self.NODE), natural_key(self))
        return [own, *row.references(self)]

    name = f"{row.__name__}Part"
    part = create_model(name, __base__=row, __module__=__name__, **fields)
    part.references = references  # type: ignore[method-assign]
    part.PARTIAL = True
    globals()[name] = part  # found by name when a spooled row is read back (pickle)
    return part


def natural_key(row: model.Row) -> str:
    """The key of the node a row states, by its label's key property (graph/relations.py)."""
    key = LABELS[row.NODE].key if row.NODE else "key"
    return str(getattr(row, key, None) or getattr(row, "key", ""))


def given(row: model.Row) -> list[str]:
    """What a partial row adds to its record: the fields it states beside those naming it, in the model's order."""
    full: type[model.Row] = type(row).__bases__[0] if row.PARTIAL else type(row)
    keys, silent = key_fields(full) or (), row.silent
    return [
        name
        for name in full.model_fields
        if name not in keys and name not in silent and getattr(row, name) not in (None, "", [])
    ]
