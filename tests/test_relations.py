"""The relation table (graph/relations.py): every label has its key constraint, every hop is well formed, and the
generated hop queries return exactly the page asked for, on the real test graph."""

from __future__ import annotations

import re

import pytest

from graph.catalog import catalog
from graph.db import Database
from graph.generated import _hop_query, generated_queries
from graph.migrations import MIGRATIONS, model_keys
from graph.relations import LABELS, MODEL, Hop, Label, hop_query_name

# A label the model does not have, with two relationships: what adding one costs.
STATION = Label(
    "MonitoringStation",
    "code",
    "monitoring_stations",
    hops=(
        Hop("outlets", "WATCHES", "out", "Outlet", "n.key", "the outlets a station watches"),
        Hop("operators", "RUNS_STATION", "in", "Enterprise", "n.uscc", "the enterprises running a station"),
    ),
)


def test_every_label_has_a_key_constraint_and_every_hop_a_known_target() -> None:
    statements = " ".join(s for m in MIGRATIONS for s in m.statements) + " ".join(model_keys())
    for label in MODEL:
        assert f"FOR (n:{label.name}) REQUIRE n.{label.key} IS UNIQUE" in statements, label.name
        for hop in label.hops:
            assert hop.target in LABELS, (label.name, hop)
    placed = sum(1 for label in MODEL if label.place.own or label.place.via)
    assert len(generated_queries()) == len(MODEL) + placed + sum(len(label.hops) for label in MODEL) + 1  # search
    assert set(generated_queries()) <= set(catalog())


def test_a_new_label_gets_its_queries_from_its_declaration() -> None:
    station = STATION
    name, _, _, text = _hop_query(station, station.hops[1])
    assert name == "list_operators_of_monitoring_stations"
    assert text.splitlines()[0].startswith("// list_operators_of_monitoring_stations: the enterprises running")
    assert "MATCH (s:MonitoringStation {code: key})" in text and "<-[:RUNS_STATION]-(n:Enterprise)" in text


@pytest.fixture(scope="module")
def graph(small_graph: Database) -> Database:
    return small_graph


@pytest.mark.slow
def test_generated_queries_are_valid_cypher(graph: Database) -> None:
    with graph.driver.session(database=graph.database) as session:
        for _, _, text in generated_queries().values():
            session.run("EXPLAIN " + text, keys=[], offset=0, first=1).consume()


def _keys(graph: Database, label: str, key: str) -> list[str]:
    rows = graph.driver.execute_query(f"MATCH (n:{label}) RETURN n.{key} AS k ORDER BY k").records
    return [str(r["k"]) for r in rows]


@pytest.mark.slow
def test_hop_queries_return_exactly_the_page_asked_for(graph: Database) -> None:
    checked = 0
    for label in MODEL:
        keys = _keys(graph, label.name, label.key)
        for hop in label.hops:
            name = hop_query_name(label.name, hop.name)
            whole = {r["key"]: r for r in graph.read(name, keys=keys, offset=0, first=1000)}
            for key, row in whole.items():
                assert row["total"] == len(row["nodes"]) > 0, (name, key)
                target_key = LABELS[hop.target].key
                paged: list[object] = []
                for offset in range(0, row["total"], 2):
                    (page,) = graph.read(name, keys=[key], offset=offset, first=2)
                    assert page["total"] == row["total"] and len(page["nodes"]) <= 2
                    paged.extend(n[target_key] for n in page["nodes"])
                assert paged == [n[target_key] for n in row["nodes"]], name  # in order, none overlapping
                (empty,) = graph.read(name, keys=[key], offset=0, first=0)
                assert empty["total"] == row["total"] and empty["nodes"] == []
                checked += 1
    assert checked > 40


@pytest.mark.slow
def test_a_new_label_costs_its_declaration_and_its_row_model(graph: Database) -> None:
    """A label with two relationships, declared in a temporary model and a row model: its key constraint, its
    hop queries (answering pages on the real graph) and its rows' reference checks come from those two alone."""
    from typing import Annotated

    from graph import migrations, model

    station = STATION

    class Station(model.Row):
        NODE = "MonitoringStation"
        code: str
        enterprise_uscc: model.Owner
        outlet_code: Annotated[str, model.Ref("Outlet", within="enterprise_uscc")] = ""

    uscc, outlet = graph.driver.execute_query(
        "MATCH (e:Enterprise)-[:HAS_OUTLET]->(o:Outlet) RETURN e.uscc AS u, o.code AS c ORDER BY o.key LIMIT 1"
    ).records[0]
    row = Station(code="MS01", enterprise_uscc=uscc, outlet_code=outlet)
    assert row.references() == [
        ("enterprise_uscc", "Enterprise", uscc),
        ("outlet_code", "Outlet", f"{uscc}:{outlet}"),
    ]
    assert Station(code="MS02", enterprise_uscc=uscc).references() == [("enterprise_uscc", "Enterprise", uscc)]
    try:
        migrations.apply(graph, (*MODEL, station))
        names = [r["labelsOrTypes"] for r in graph.driver.execute_query("SHOW CONSTRAINTS").records]
        assert ["MonitoringStation"] in names
        graph.driver.execute_query(
            "MATCH (e:Enterprise {uscc: $u}) CREATE (e)-[:RUNS_STATION]->(s:MonitoringStation {code: 'MS01'}) "
            "WITH s MATCH (o:Outlet {key: $o}) CREATE (s)-[:WATCHES]->(o)",
            u=uscc,
            o=f"{uscc}:{outlet}",
        )
        outlets = _hop_query(station, station.hops[0])[3]
        with graph.driver.session(database=graph.database) as session:
            whole = session.run(outlets, keys=["MS01", "none"], offset=0, first=100).single()
            assert whole is not None and whole["key"] == "MS01" and whole["total"] == len(whole["nodes"]) >= 1
            (page,) = list(session.run(outlets, keys=["MS01"], offset=0, first=1))
            assert page["total"] == whole["total"] and [n["key"] for n in page["nodes"]] == [whole["nodes"][0]["key"]]
            operators = session.run(_hop_query(station, station.hops[1])[3], keys=["MS01"], offset=0, first=5)
            assert [(r["total"], [n["uscc"] for n in r["nodes"]]) for r in operators] == [(1, [uscc])]
    finally:
        graph.driver.execute_query("MATCH (s:MonitoringStation) DETACH DELETE s")
        graph.driver.execute_query("DROP CONSTRAINT monitoringstation_code_unique IF EXISTS")


def test_the_api_types_agree_with_the_table() -> None:
    from schema.node_types import GET_QUERIES, NODE_TYPES

    assert set(NODE_TYPES) == set(LABELS)
    for name, cls in NODE_TYPES.items():
        assert LABELS[name].key == cls.KEY, name
        assert GET_QUERIES[name] in catalog()


def test_every_node_upsert_goes_through_the_one_template() -> None:
    """Every write query that sets a node's properties from a row (`props`) is the template's, with provenance and
    change history; the others write links, code tables, monitoring buckets or findings."""
    from graph.writes import upsert_queries

    with_props = {n for n, q in catalog().items() if n.startswith("merge_") and "props" in q.params}
    assert with_props - {"merge_findings"} == set(upsert_queries())
    from graph.model import node_rows
    from graph.writes import UPSERTS, derived_upsert
    from loaders.plans import _ROW_PARAMS

    # each is planned: written with its parameters in loaders/plans.py, or derived with them from its row model
    derived = {derived_upsert(row).name for row in node_rows() if all(u.label != row.NODE for u in UPSERTS)}
    planned = {name for name, _ in _ROW_PARAMS.values()} | {"merge_enterprises"} | derived
    assert derived <= set(upsert_queries()) <= planned, set(upsert_queries()) - planned
    for _, _, text in upsert_queries().values():
        assert "-[:CHANGED]->(:Change" in text and "._src = row.src" in text and "._load = $load" in text


def test_each_edge_is_declared_once_and_its_replace_rule_is_what_the_upserts_do() -> None:
    """An edge's `replaced` says whether a load removes the links of its type that the source no longer gives: the
    upsert writing it deletes old ones exactly then (and an edge is declared once, whichever end lists it)."""
    from graph.relations import EDGES
    from graph.writes import UPSERTS, upsert_text

    assert len({(e.start, e.type, e.end) for e in EDGES}) == len(EDGES)
    for e in EDGES:
        writers = [u for u in UPSERTS if f":{e.type}]" in upsert_text(u) and u.label in (e.start, e.end)]
        deletes = [u.name for u in writers if re.search(rf"\[old:[A-Z_|]*\b{e.type}\b", upsert_text(u))]
        assert bool(deletes) == e.replaced, (e.start, e.type, e.end, [u.name for u in writers], deletes)
