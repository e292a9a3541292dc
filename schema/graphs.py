"""Drawable graphs (nodes and edges with types and keys) for traceability chains and finding evidence."""

from __future__ import annotations

from typing import Any

import strawberry

from graph.records import Record
from graph.relations import MODEL
from schema import ids
from schema.convert import plain

KEY_PROPS = {label.name: label.key for label in MODEL} | {"FindingEvent": "at", "SchemaMigration": "version"}


@strawberry.type(description="A node of a drawable graph: its global id, label, natural key and a display name.")
class GraphNode:
    id: strawberry.ID = strawberry.field(description="Global id: pass it to node(id:) for the full object.")
    label: str = strawberry.field(description="Model label, e.g. Outlet, TreatmentFacility, EIAApproval.")
    key: str = strawberry.field(description="Natural key (USCC, permit number, <USCC>:<code> …).")
    name: str = strawberry.field(description="What to print on the node.")


@strawberry.type(description="A directed, typed edge between two nodes of the same graph (by global id).")
class GraphEdge:
    type: str = strawberry.field(description="Relationship type, e.g. FEEDS, DISCHARGES_TO, APPROVES, COVERS.")
    source: strawberry.ID = strawberry.field(description="Global id of the start node.")
    target: strawberry.ID = strawberry.field(description="Global id of the end node.")


@strawberry.type(description="A graph a front end can draw directly (nodes and edges, no duplicates).")
class TraceGraph:
    nodes: list[GraphNode] = strawberry.field(description="Each node once, by label and key.")
    edges: list[GraphEdge] = strawberry.field(description="Each relationship once, by type, source and target.")


def _display(label: str, node: dict[str, Any]) -> str:
    if label == "PermitLimit":
        bound = node.get("concentration_max")
        return f"{node.get('pollutant_code')} ≤ {bound} {node.get('unit') or ''}".strip() if bound else node["key"]
    return str(node.get("name") or node.get("project") or node.get("code") or node[KEY_PROPS[label]])


def build_graph(row: Record) -> TraceGraph:
    """A TraceGraph from a query row {nodes: [{label, node}], edges: [{type, source: [label, key], target}]}."""
    r = plain(row)
    nodes = [
        GraphNode(
            id=strawberry.ID(ids.encode(n["label"], str(n["node"][KEY_PROPS[n["label"]]]))),
            label=n["label"],
            key=str(n["node"][KEY_PROPS[n["label"]]]),
            name=_display(n["label"], n["node"]),
        )
        for n in r["nodes"]
        if n["label"] in KEY_PROPS
    ]
    nodes.sort(key=lambda n: (n.label, n.key))
    edges = [
        GraphEdge(
            type=e["type"],
            source=strawberry.ID(ids.encode(e["source"][0], str(e["source"][1]))),
            target=strawberry.ID(ids.encode(e["target"][0], str(e["target"][1]))),
        )
        for e in r["edges"]
        if e["source"][0] in KEY_PROPS and e["target"][0] in KEY_PROPS
    ]
    edges.sort(key=lambda e: (e.type, e.source, e.target))
    return TraceGraph(nodes=nodes, edges=edges)
