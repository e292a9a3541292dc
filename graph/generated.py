"""The queries the relation table generates at import: per label its look-up (`get_<plural>`), per hop its batched
list (`list_<hop>_of_<plural>`), per placed label its placing (`locate_<plural>`), and one search over the
searchable labels — text a pure function of graph/relations.py, served by name by the catalog."""

from __future__ import annotations

from functools import cache

from graph.declare import NATIONAL, Hop, Label
from graph.relations import LABELS, MODEL, locate_query_name, searched_labels

_SUFFIX = "; batched over many keys (one round trip per GraphQL level)."

Generated = tuple[str, str, str, str]  # (name, summary, params line, text)


def _query(name: str, summary: str, params: str, body: str) -> Generated:
    return name, summary, params, f"// {name}: {summary}\n// params: {params}\n{body}"


def _hop_query(label: Label, hop: Hop) -> Generated:
    arrow = f"-[:{hop.type}]->" if hop.direction == "out" else f"<-[:{hop.type}]-"
    params = (
        f"keys: list<string> — {label.name}.{label.key} values; offset: int; first: int — the page of each key's list"
    )
    # Only the page is projected: the list is counted, then sorted and cut before any node becomes a map.
    body = (
        "UNWIND $keys AS key\n"
        f"MATCH (s:{label.name} {{{label.key}: key}})\n"
        f"CALL (s) {{ MATCH (s){arrow}(n:{hop.target}) RETURN count(n) AS total }}\n"
        "WITH key, s, total WHERE total > 0\n"
        "CALL (s) {\n"
        f"  MATCH (s){arrow}(n:{hop.target})\n"
        f"  WITH n ORDER BY {hop.order} SKIP $offset LIMIT $first\n"
        "  RETURN collect(n {.*}) AS nodes\n"
        "}\n"
        "RETURN key, total, nodes\n"
    )
    return _query(f"list_{hop.name}_of_{label.plural}", hop.summary + _SUFFIX, params, body)


def _get_query(label: Label) -> Generated:
    what = label.get_summary or f"{label.name} nodes by their natural key ({label.key})"
    body = (
        "UNWIND $keys AS key\n"
        f"MATCH (n:{label.name} {{{label.key}: key}})\n"
        "RETURN key, 1 AS total, [n {.*}] AS nodes\n"
    )
    return _query(
        f"get_{label.plural}",
        f"{what}, for GraphQL node(id:) and batched look-ups.",
        f"keys: list<string> — {label.name}.{label.key} values",
        body,
    )


Step = tuple[str, str]  # (the relationship pattern from the node before, the label reached)


def place_paths(label: str, seen: tuple[str, ...] = ()) -> list[tuple[tuple[Step, ...], str]]:
    """The paths (steps from an object of `label`, and the property of the last node holding a region code) that
    place it, in the order its Place tries them; its own property is the path of no steps."""
    if label in seen:
        raise ValueError(f"the places of {' → '.join((*seen, label))} go round in a circle")
    declared = LABELS[label]
    paths: list[tuple[tuple[Step, ...], str]] = [((), declared.place.own)] if declared.place.own else []
    hops = {h.name: h for h in declared.hops}
    for name in declared.place.via:
        hop = hops[name]  # a KeyError here names a hop the label does not have
        arrow = f"-[:{hop.type}]->" if hop.direction == "out" else f"<-[:{hop.type}]-"
        paths.extend((((arrow, hop.target), *steps), prop) for steps, prop in place_paths(hop.target, (*seen, label)))
    return paths


def _locate_query(label: Label) -> Generated:
    """Where each object lies: the region codes that place it (none: in no region)."""
    parts = []
    for steps, prop in place_paths(label.name):
        if not steps:
            parts.append(f"[r IN [n.{prop}] WHERE r IS NOT NULL]")
            continue
        walk = "".join(f"{arrow}(:{target})" for arrow, target in steps[:-1]) + f"{steps[-1][0]}(o:{steps[-1][1]})"
        parts.append(f"COLLECT {{ MATCH (n){walk} WHERE o.{prop} IS NOT NULL RETURN DISTINCT o.{prop} }}")
    if not parts:
        regions = "[]"
    elif label.place.spread or len(parts) == 1:
        regions = " + ".join(parts)
    else:
        names = [f"p{i}" for i in range(len(parts))]
        lets = "".join(
            f"WITH key, n{''.join(f', {x}' for x in names[:i])}, {part} AS {names[i]}\n" for i, part in enumerate(parts)
        )
        first = " ".join(f"WHEN size({x}) > 0 THEN {x}" for x in names[:-1])
        body = (
            "UNWIND $keys AS key\n"
            f"MATCH (n:{label.name} {{{label.key}: key}})\n"
            + lets
            + f"RETURN key, CASE {first} ELSE {names[-1]} END AS regions\n"
        )
        return _locate(label, body)
    body = f"UNWIND $keys AS key\nMATCH (n:{label.name} {{{label.key}: key}})\nRETURN key, {regions} AS regions\n"
    return _locate(label, body)


def _locate(label: Label, body: str) -> Generated:
    how = "every owner counts" if label.place.spread else "the nearest owner that has one"
    return _query(
        locate_query_name(label.name),
        f"the region codes where {label.name} objects lie ({how}), for the API's region scope",
        f"keys: list<string> — {label.name}.{label.key} values",
        body,
    )


def _search_query() -> Generated:
    """One list of every searchable label's hits: identifiers first (each by its index), then names (the first word
    narrows through the text index, the others filter)."""
    parts = []
    for label in MODEL:
        if (how := label.search) is None:
            continue
        for prop in how.ids:
            where = f" {{{prop}: $upper}})" if prop == label.key else f") WHERE n.{prop} = $upper"
            parts.append(
                f"  MATCH (n:{label.name}{where} RETURN '{label.name}' AS label, n {{.*}} AS node, {how.rank} AS rank"
            )
    for label in MODEL:
        if label.search is not None and label.search.names:
            parts.append(
                f"  MATCH (n:{label.name}) WHERE n.name CONTAINS $words[0]"
                " AND all(w IN $words WHERE n.name CONTAINS w)\n"
                f"  RETURN '{label.name}' AS label, n {{.*}} AS node, 1 AS rank"
            )
    # each searched label's key once, in the table's order, `key` first (a site also has a uscc)
    keys = sorted(dict.fromkeys(label.key for label in MODEL if label.search), key=lambda k: k != "key")
    order = ", ".join(f"node.{k}" for k in keys)
    body = (
        "CALL () {\n" + "\n  UNION\n".join(parts) + "\n}\n"
        f"WITH label, node, rank ORDER BY rank, coalesce(node.name, ''), coalesce({order}) LIMIT $first\n"
        "RETURN label, node\n"
    )
    names = ", ".join(searched_labels())
    return _query(
        "search_entities",
        f"{names} by their identifiers, and by name (every word, in any order) where they have one — one list, exact "
        "identifiers first.",
        "upper: string — the text upper-cased (identifiers); words: list<string> — the text's words, normalised as "
        "stored names are (NFKC, spaces folded); first: int",
        body,
    )


@cache
def generated_queries() -> dict[str, tuple[str, str, str]]:
    """name → (summary, params line, text) of every query this table generates."""
    queries = [_get_query(label) for label in MODEL] + [_hop_query(label, h) for label in MODEL for h in label.hops]
    queries += [_locate_query(label) for label in MODEL if label.place != NATIONAL] + [_search_query()]
    return {name: (summary, params, text) for name, summary, params, text in queries}
