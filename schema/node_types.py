"""Every label's GraphQL type, gathered once all the modules declaring them are imported."""

from __future__ import annotations

from graph.relations import LABELS, get_query_name
from schema import audit, disclosure, enforcement_nodes, fields, findings, nodes, permit_nodes
from schema.fields import Node

MODULES = (nodes, permit_nodes, enforcement_nodes, findings, disclosure, audit)  # where the types are declared


def _node_types(base: type[Node]) -> list[type[Node]]:
    return [t for sub in base.__subclasses__() for t in (sub, *_node_types(sub))]


# In the relation table's order: each Node subclass declares its LABEL.
_BY_LABEL = {cls.LABEL: cls for cls in _node_types(Node) if "LABEL" in vars(cls)}
NODE_TYPES: dict[str, type[Node]] = {label: _BY_LABEL[label] for label in LABELS if label in _BY_LABEL}
vars(fields).update(NODE_TYPES)  # relationship fields name their types there (schema.fields.TYPES_MODULE)
# The batched look-up of each label by key (for node(id:)), generated from graph/relations.py.
GET_QUERIES: dict[str, str] = {label: get_query_name(label) for label in NODE_TYPES}
