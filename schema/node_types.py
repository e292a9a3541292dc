"""Every label's GraphQL type, gathered once all the modules declaring them are imported."""

from __future__ import annotations

from graph.relations import LABELS, get_query_name
from schema import audit, disclosure, enforcement_nodes, findings, nodes, permit_nodes
from schema.fields import Node

__all__ = ["GET_QUERIES", "MODULES", "NODE_TYPES"]

MODULES = (nodes, permit_nodes, enforcement_nodes, findings, disclosure, audit)  # where the types are declared


def _node_types(base: type[Node]) -> list[type[Node]]:
    return [t for sub in base.__subclasses__() for t in (sub, *_node_types(sub))]


# In the relation table's order: each Node subclass declares its LABEL.
_BY_LABEL = {cls.LABEL: cls for cls in _node_types(Node) if "LABEL" in vars(cls)}
NODE_TYPES: dict[str, type[Node]] = {label: _BY_LABEL[label] for label in LABELS if label in _BY_LABEL}
# Relationship fields name their return types by label, lazily resolved in this module (schema.fields._lazy).
globals().update(NODE_TYPES)
# The batched look-up of each label by key (for node(id:)), generated from graph/relations.py.
GET_QUERIES: dict[str, str] = {label: get_query_name(label) for label in NODE_TYPES}
