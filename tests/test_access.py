"""What each role sees, generated from the schema (so a new type or field cannot be forgotten): every object type
is in schema/access.py's table; every field of every node type, asked through `node(id:)` by each role, comes back
or is refused (null with a FORBIDDEN error at its path) exactly as the table says; so does every root field. On
the hand-built graph of tests/data/small with its findings, over POST /graphql with API keys of each role."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from graphql import (
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    Undefined,
    get_named_type,
    is_non_null_type,
)

from api.app import build_schema, create_app
from api.auth import create_key
from api.settings import Settings
from graph.db import Database
from loaders.load import load
from schema import ids
from schema.access import ROLES, TYPE_ROLE, field_role, type_role
from schema.internals import graphql_schema
from schema.node_types import NODE_TYPES
from tests.conftest import DATA, small_checked

# beyond the inner loop (`pytest -m "not slow"`): the whole suite runs it
pytestmark = pytest.mark.slow

A = "91130207123456788D"
ROLE_ORDER = {r: i for i, r in enumerate(ROLES)}


@pytest.fixture(scope="module")
def schema() -> GraphQLSchema:
    return graphql_schema(build_schema(Settings()))


@pytest.fixture(scope="module")
def graph(db: Database) -> Database:
    """The small graph with its findings, and the cross-region additions (sites, quotas, trades): every node type
    has an object to ask for (a type without one would go unchecked)."""
    small_checked(db)
    load(db, DATA / "crossregion")
    return db


@pytest.fixture(scope="module")
def as_role(graph: Database, settings: Settings) -> Iterator[dict[str, Any]]:
    """A function per role that POSTs a document with that role's API key (public: no credentials)."""
    keys = {role: create_key(graph, f"access test {role}", role, ["national"]) for role in ROLES[1:]}
    configured = settings.model_copy(
        update={"permitgraph_anonymous_role": "public", "permitgraph_audit_flush_seconds": 0.0}
    )
    with TestClient(create_app(configured)) as client:
        # the records only the API writes: a published disclosure entry (a 2024 penalty in Hebei), audit entries
        published = client.post(
            "/graphql",
            json={"query": 'mutation { publishDisclosures(regionCode: "130000", period: "2024") { published } }'},
            headers={"Authorization": f"Bearer {keys['admin']}"},
        ).json()
        assert published["data"]["publishDisclosures"]["published"] >= 1, published

        def asker(role: str) -> Any:
            headers = {"Authorization": f"Bearer {keys[role]}"} if role in keys else {}
            return lambda query, **variables: client.post(
                "/graphql", json={"query": query, "variables": variables}, headers=headers
            ).json()

        yield {role: asker(role) for role in ROLES}


def _object_types(schema: GraphQLSchema) -> dict[str, GraphQLObjectType]:
    return {n: t for n, t in schema.type_map.items() if isinstance(t, GraphQLObjectType) and not n.startswith("__")}


def _returns_object(field: Any) -> str | None:
    named = get_named_type(field.type)
    return named.name if isinstance(named, GraphQLObjectType) else None


def _selection(field: Any) -> str:
    named = get_named_type(field.type)
    return " { __typename }" if isinstance(named, GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType) else ""


def _forbidden_paths(answer: dict[str, Any]) -> set[tuple[Any, ...]]:
    errors = answer.get("errors", [])
    other = [e for e in errors if e.get("extensions", {}).get("code") != "FORBIDDEN"]
    assert other == [], other
    return {tuple(e["path"]) for e in errors}


def test_every_object_type_of_the_schema_is_in_the_table_and_nothing_else(schema: GraphQLSchema) -> None:
    names = set(_object_types(schema))
    bases = {n if n in TYPE_ROLE else n.removesuffix("Connection").removesuffix("Edge") for n in names}
    assert bases == set(TYPE_ROLE)
    # no type falls through to the deny-all default: the admins' own types are listed as theirs
    assert {n for n in names if type_role(n) == "admin"} == {"AuditEntry", "AuditEntryConnection", "AuditEntryEdge"}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_each_field_of_each_node_type_as_the_table_says(
    schema: GraphQLSchema, graph: Database, as_role: dict[str, Any], role: str
) -> None:
    ask = as_role[role]
    checked = 0
    for label, cls in NODE_TYPES.items():
        rows = graph.driver.execute_query(
            f"MATCH (n:{label}) WHERE n.{cls.KEY} IS NOT NULL RETURN n.{cls.KEY} AS k ORDER BY k LIMIT 1",
            database_=graph.database,
        ).records
        assert rows, f"no {label} in the test graph: its fields would go unchecked"
        gql = _object_types(schema)[cls.__strawberry_definition__.name]  # type: ignore[attr-defined]
        fields = dict(gql.fields)
        selection = " ".join(f"{name}{_selection(f)}" for name, f in fields.items() if not _required_args(f))
        answer = ask(
            f"query($id: ID!) {{ node(id: $id) {{ __typename ... on {gql.name} {{ {selection} }} }} }}",
            id=ids.encode(label, str(rows[0]["k"])),
        )
        checked += 1
        if ROLE_ORDER[role] < ROLE_ORDER[type_role(gql.name)]:
            assert answer["data"]["node"] is None and _forbidden_paths(answer) == {("node",)}, (label, answer)
            continue
        expected = {
            ("node", name)
            for name, f in fields.items()
            if not _required_args(f) and ROLE_ORDER[role] < ROLE_ORDER[field_role(gql.name, name, _returns_object(f))]
        }
        assert _forbidden_paths(answer) == expected, (label, role)
        for path in expected:
            assert answer["data"]["node"][path[1]] is None
        assert answer["data"]["node"]["__typename"] == gql.name
    assert checked == len(NODE_TYPES)


def _required_args(field: Any) -> list[str]:
    return [n for n, a in field.args.items() if is_non_null_type(a.type) and a.default_value is Undefined]


# Arguments for the root fields that need some (a root field added to the schema fails the test until it is here).
ROOT_ARGS: dict[str, str] = {
    "viewer": "",
    "counts": "",
    "node": f'(id: "{ids.encode("Enterprise", A)}")',
    "enterprise": f'(uscc: "{A}")',
    "permit": f'(number: "{A}001P")',
    "outlet": f'(uscc: "{A}", code: "DA001")',
    "outletTrace": f'(uscc: "{A}", outletCode: "DA001")',
    "permitView": f'(number: "{A}001P")',
    "traceGraph": f'(id: "{ids.encode("Enterprise", A)}")',
    "enterprises": "",
    "permits": "",
    "outlets": "",
    "violations": "",
    "aggregate": "(measure: VIOLATIONS, groupBy: PROVINCE)",
    "topEnterprises": "(measure: VIOLATIONS)",
    "findings": "",
    "findingStats": "(groupBy: RULE)",
    "reminders": '(asOf: "2025-03-01")',
    "namedQueries": "",
    "namedQuery": '(name: "count_labels")',
    "search": '(text: "唐山")',
    "disclosures": "(list: NOT_PER_PERMIT)",
    "auditTrail": "",
    "exceedances": "",
    "inspections": "",
    "penalties": "",
    "regions": '(parentCode: "130000")',
    "industries": "",
    "pollutants": "(medium: WATER)",
    "mapPoints": '(regionCode: "130000")',
    "aggregateTable": "(measure: VIOLATIONS, groupBy: PROVINCE, period: YEAR)",
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_each_root_field_as_the_table_says(
    schema: GraphQLSchema, as_role: dict[str, Any], role: str
) -> None:
    query_type = schema.query_type
    assert query_type is not None and set(query_type.fields) == set(ROOT_ARGS)
    for name, field in query_type.fields.items():
        answer = as_role[role](f"{{ {name}{ROOT_ARGS[name]}{_selection(field)} }}")
        need = field_role("Query", name, _returns_object(field))
        forbidden = ROLE_ORDER[role] < ROLE_ORDER[need]
        assert _forbidden_paths(answer) == ({(name,)} if forbidden else set()), (name, role, answer)
        if forbidden:
            assert answer.get("data") is None or answer["data"].get(name) is None


def test_what_the_public_is_refused_through_abstract_fields(as_role: dict[str, Any], graph: Database) -> None:
    """`node(id:)` of a finding or a violation, and the nested findings of a public enterprise."""
    key = graph.driver.execute_query("MATCH (f:Finding) RETURN f.key AS k LIMIT 1", database_=graph.database).records
    finding = ids.encode("Finding", key[0]["k"])
    answer = as_role["public"]("query($id: ID!) { node(id: $id) { __typename } }", id=finding)
    assert answer["data"] == {"node": None}
    assert answer["errors"][0]["message"] == "Finding is not visible to the public role (analyst or above)"
    assert as_role["analyst"]("query($id: ID!) { node(id: $id) { __typename } }", id=finding)["data"] == {
        "node": {"__typename": "Finding"}
    }
    nested = as_role["public"](f'{{ enterprise(uscc: "{A}") {{ name findings {{ totalCount }} }} }}')
    assert nested["data"]["enterprise"] == {"name": "唐山丰南热电有限公司", "findings": None}
    assert [e["path"] for e in nested["errors"]] == [["enterprise", "findings"]]


# Arguments for each mutation: ids of nothing, so a mutation that runs writes nothing (a mutation added to the
# schema fails the test until it is here).
MUTATION_ARGS: dict[str, str] = {
    "confirmFinding": f'(id: "{ids.encode("Finding", "none")}", reason: "r") {{ __typename }}',
    "dismissFinding": f'(id: "{ids.encode("Finding", "none")}", reason: "r") {{ __typename }}',
    "orderRectification": f'(id: "{ids.encode("Finding", "none")}", deadline: "2999-01-01", reason: "r") '
    "{ __typename }",
    "recordRectification": f'(id: "{ids.encode("Finding", "none")}", reason: "r") {{ __typename }}',
    "closeFinding": f'(id: "{ids.encode("Finding", "none")}", reason: "r") {{ __typename }}',
    "publishDisclosures": '(regionCode: "990000", period: "1990") { published }',
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_run_each_mutation_as_the_table_says(
    schema: GraphQLSchema, as_role: dict[str, Any], role: str
) -> None:
    mutation_type = schema.mutation_type
    assert mutation_type is not None and set(mutation_type.fields) == set(MUTATION_ARGS)
    for name, field in mutation_type.fields.items():
        answer = as_role[role](f"mutation {{ {name}{MUTATION_ARGS[name]} }}")
        forbidden = ROLE_ORDER[role] < ROLE_ORDER[field_role("Mutation", name, _returns_object(field))]
        assert _forbidden_paths(answer) == ({(name,)} if forbidden else set()), (name, role, answer)
        if not forbidden:
            assert answer["data"][name] is not None
