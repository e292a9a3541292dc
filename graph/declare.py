"""The words the relation table (graph/relations.py) is written in: a label, where its objects lie, how search finds
them, a relationship between two labels and the lists its ends reach."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Hop:
    """One list a node reaches over one relationship: `list_<name>_of_<its label's plural>`."""

    name: str
    type: str  # the relationship type
    direction: Literal["out", "in"]  # from the node
    target: str  # the label at the other end
    order: str  # ORDER BY over the targets `n` (ends with a unique property, so pages never overlap)
    summary: str  # what the list is, for the query's header


@dataclass(frozen=True)
class Place:
    """Where an object of a label lies, for region scope (schema/guard.py): by a region code of its own (`own`),
    or where the owners its hops reach lie (`via`: hop names of this label, each to a label that is placed in turn).
    The first hop that reaches a placed owner decides (a site before its company), or with `spread` every hop
    counts (a transfer lies where its shipper and where its receiver lie). A label placed nowhere (a code table)
    lies in no region: a region-scoped caller sees it as the public does."""

    own: str | None = None
    via: tuple[str, ...] = ()
    spread: bool = False


NATIONAL = Place()


Side = tuple[str, str, str]  # a list one end of an edge reaches: (its name, ORDER BY over the targets `n`, what it is)


@dataclass(frozen=True)
class Edge:
    """A relationship type between two labels, (start)-[:type]->(end), declared once."""

    start: str
    type: str
    end: str
    out: Side | None = None  # the list a start node reaches over it
    back: Side | None = None  # the list an end node reaches over it
    replaced: bool = False  # a load removes links of this type that its source no longer gives (else they accumulate)
    field: str | None = None  # the write parameter (`row.<field>`) naming the far end, for the upsert of the near one


@dataclass(frozen=True)
class Search:
    """How `search` finds a label's objects: a property in `ids` equal to the text (upper-cased), or with `names`
    every word of the text in its name; `rank` orders hits (0 first: an identifier that names one object; an outlet
    code, shared by many owners, after the names)."""

    ids: tuple[str, ...]
    names: bool = False
    rank: int = 0


@dataclass(frozen=True)
class Label:
    name: str
    key: str  # the natural key property (unique constraint)
    plural: str  # in query names
    hops: tuple[Hop, ...] = ()  # made from EDGES, never declared by hand
    get_summary: str | None = None  # the look-up's header when the key needs explaining
    place: Place = NATIONAL
    search: Search | None = None  # found by the API's search, and how
