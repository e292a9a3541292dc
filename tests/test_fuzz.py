"""A schema-driven fuzz run: every root query and mutation field, with arguments generated from their GraphQL types
(hostile strings, huge and negative numbers, ids of other labels or of nothing, wrong dates, input objects with any
subset of their fields), asked by every role over POST /graphql on a real graph. Nothing may answer 5xx or an
INTERNAL error: a bad argument is a typed, located refusal, whoever asks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    get_named_type,
    print_type,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.app import build_schema, create_app
from api.auth import create_key
from api.settings import Settings
from graph import checks
from graph.db import Database
from loaders.load import load
from schema import ids
from schema.access import ROLES
from schema.internals import graphql_schema
from tests.conftest import DATA, wipe

pytestmark = pytest.mark.slow  # a server, a browser, a restart or a generated graph: `pytest -m "not slow"` skips it

SCHEMA: GraphQLSchema = graphql_schema(build_schema(Settings()))
ROOTS = [("query", SCHEMA.query_type), ("mutation", SCHEMA.mutation_type)]
FIELDS = [(kind, name, f) for kind, t in ROOTS if t is not None for name, f in t.fields.items()]
TEXT = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", " ", "130200", "91130207123456788D", "DA001", "2024Q2", "x" * 5000, "\x00", "'; MATCH (n)"]),
)
NUMBERS = st.one_of(st.integers(-(2**31), 2**31 - 1), st.sampled_from([0, -1, 101, 10**6]))
LABELS = ["Finding", "Enterprise", "Permit", "Outlet", "AuditEntry", "DisclosureEntry", "Nothing"]


def _scalar(name: str) -> st.SearchStrategy[Any]:
    if name == "Int":
        return NUMBERS
    if name == "Float":
        return st.one_of(st.floats(allow_nan=False, allow_infinity=False), NUMBERS)
    if name == "Boolean":
        return st.booleans()
    if name == "ID":
        return st.one_of(st.builds(ids.encode, st.sampled_from(LABELS), TEXT), TEXT)
    if name == "Date":
        return st.one_of(st.dates(dt.date(1900, 1, 1), dt.date(2999, 12, 31)).map(str), TEXT)
    if name == "DateTime":
        return st.one_of(st.datetimes().map(lambda d: d.isoformat() + "Z"), TEXT)
    if name == "JSON":
        return st.one_of(st.none(), st.dictionaries(TEXT, st.one_of(TEXT, NUMBERS), max_size=3), TEXT)
    return TEXT


def value(t: GraphQLInputType, depth: int = 0) -> st.SearchStrategy[Any]:
    """A value for an input type: mostly of its type, sometimes of another (a coercion error, never a crash)."""
    if isinstance(t, GraphQLNonNull):
        return value(t.of_type, depth)
    inner: st.SearchStrategy[Any]
    if isinstance(t, GraphQLList):
        inner = st.lists(value(t.of_type, depth + 1), max_size=3)
    elif isinstance(t, GraphQLEnumType):
        inner = st.one_of(st.sampled_from(list(t.values)), TEXT)
    elif isinstance(t, GraphQLInputObjectType):
        fields = {n: value(f.type, depth + 1) for n, f in t.fields.items()} if depth < 2 else {}
        inner = st.fixed_dictionaries({}, optional=fields)
    else:
        assert isinstance(t, GraphQLScalarType)
        inner = _scalar(t.name)
    return st.one_of(inner, st.none()) if depth else inner


def document(kind: str, name: str, field: Any) -> str:
    variables = ", ".join(f"${a}: {arg.type}" for a, arg in field.args.items())
    arguments = ", ".join(f"{a}: ${a}" for a in field.args)
    named = get_named_type(field.type)
    selection = " { __typename }" if not isinstance(named, GraphQLScalarType | GraphQLEnumType) else ""
    if isinstance(named, GraphQLObjectType):  # one level of its scalar fields as well
        leaves = [n for n, f in named.fields.items() if isinstance(get_named_type(f.type), GraphQLScalarType)]
        leaves = [
            n for n in leaves if not any(a.type.__class__ is GraphQLNonNull for a in named.fields[n].args.values())
        ]
        selection = " { __typename " + " ".join(leaves[:8]) + " }"
    head = f"{kind} Fuzz({variables})" if variables else f"{kind} Fuzz"
    return f"{head} {{ {name}{f'({arguments})' if arguments else ''}{selection} }}"


@st.composite
def requests(draw: st.DrawFn) -> tuple[str, str, dict[str, Any]]:
    kind, name, field = draw(st.sampled_from(FIELDS))
    variables = {a: draw(value(arg.type)) for a, arg in field.args.items()}
    for a in list(variables):
        if not isinstance(field.args[a].type, GraphQLNonNull) and draw(st.booleans()):
            del variables[a]
    return draw(st.sampled_from(ROLES)), document(kind, name, field), variables


@pytest.fixture(scope="module")
def ask(db: Database, settings: Settings) -> Iterator[Any]:
    wipe(db)
    load(db, DATA / "small")
    checks.check(db, as_of=dt.date(2025, 3, 1))
    keys = {role: create_key(db, f"fuzz {role}", role, ["national"]) for role in ROLES[1:]}
    keys["inspector"] = create_key(db, "fuzz scoped inspector", "inspector", ["130200"])
    with TestClient(create_app(settings.model_copy(update={"permitgraph_anonymous_role": "public"}))) as client:

        def asker(role: str, query: str, variables: dict[str, Any]) -> Any:
            headers = {"Authorization": f"Bearer {keys[role]}"} if role in keys else {}
            return client.post("/graphql", json={"query": query, "variables": variables}, headers=headers)

        yield asker


def test_the_documents_are_valid_for_the_schema() -> None:
    from graphql import parse, validate

    for kind, name, field in FIELDS:
        assert validate(SCHEMA, parse(document(kind, name, field))) == [], (
            name,
            print_type(get_named_type(field.type)),
        )


# The app under test runs in the test client's thread beside hypothesis's draws, and the neo4j driver picks a server
# with `random.choice` on every read (its background ones too: the API key poller, the health watch): hypothesis sees
# the global state move during a draw and warns, though no strategy uses `random`.
@pytest.mark.filterwarnings("ignore:Do not use the `random` module inside strategies")
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(requests())
def test_no_generated_request_gets_a_5xx_or_an_internal_error(
    ask: Any, request: tuple[str, str, dict[str, Any]]
) -> None:
    role, query, variables = request
    response = ask(role, query, variables)
    assert response.status_code < 500, (role, query, variables, response.text)
    answer = response.json()
    codes = [e.get("extensions", {}).get("code") for e in answer.get("errors", [])]
    assert "INTERNAL" not in codes and None not in codes, (role, query, variables, answer)
