"""The graph's labels and relationships, each declared once (in the words of graph/declare.py): a label's natural
key, the name its queries use, where its objects lie (`Place`) and how search finds them (`Search`); a relationship
(`Edge`) with its two labels, its type and direction, the list each end reaches over it (name, order), the write
parameter naming its far end and whether a load replaces its links. The tables are one module per family of labels
in graph/tables/; this module gathers them. From them come each label's hops (both ends of an edge), the queries
graph/generated.py writes (hops, look-ups, placings, search), the links of every upsert (graph/writes.py), the key
constraints (graph/migrations.py) and the API's `node(id:)` and relationship fields — so a label or a relationship
is added to its family's table, not as another copy of a query file. Hand-written Cypher (views, checks, aggregates,
merges) stays in `queries/`.

Why generated at import rather than written out with a `--check`: the text is a pure function of this table, a
file would only be a second copy to keep in step, and `permitgraph`'s catalog already serves every query by name
(the generated ones read exactly like the files did, header included, for `namedQueries`).
"""

from __future__ import annotations

from dataclasses import replace

from graph.declare import NATIONAL, Edge, Hop, Label, Place, Search
from graph.tables import records, sites

__all__ = ["EDGES", "LABELS", "MODEL", "NATIONAL", "Edge", "Hop", "Label", "Place", "Search"]

_DECLARED: tuple[Label, ...] = sites.LABELS + records.LABELS
EDGES: tuple[Edge, ...] = sites.EDGES + records.EDGES


def _hops(label: str) -> tuple[Hop, ...]:
    """The lists a label's nodes reach: each edge's `out` side at its start, its `back` side at its end."""
    found = []
    for e in EDGES:
        if e.out is not None and e.start == label:
            found.append(Hop(e.out[0], e.type, "out", e.end, e.out[1], e.out[2]))
        if e.back is not None and e.end == label:
            found.append(Hop(e.back[0], e.type, "in", e.start, e.back[1], e.back[2]))
    return tuple(found)


MODEL: tuple[Label, ...] = tuple(replace(label, hops=_hops(label.name)) for label in _DECLARED)
LABELS: dict[str, Label] = {label.name: label for label in MODEL}


def get_query_name(label: str) -> str:
    return f"get_{LABELS[label].plural}"


def hop_query_name(label: str, hop: str) -> str:
    return f"list_{hop}_of_{LABELS[label].plural}"


def locate_query_name(label: str) -> str:
    """The query placing objects of a label (generated for every label with a Place)."""
    return f"locate_{LABELS[label].plural}"


def placed_labels() -> list[str]:
    return [label.name for label in MODEL if label.place != NATIONAL]


def searched_labels() -> list[str]:
    return [label.name for label in MODEL if label.search is not None]
