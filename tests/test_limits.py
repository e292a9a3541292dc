"""The request limits' pure logic: the linear measure equals the measure of the expanded document, the prescan,
and the HTTP guard's checks of bodies and parameters."""

from __future__ import annotations

import re

import pytest
from graphql import parse

from api.app import build_schema
from api.http import HttpLimits, check_body, check_params, check_query_string
from api.limits import Analyser, Limits, prescan
from api.settings import Settings
from graph.errors import BadRequest, TooComplex
from schema.internals import graphql_schema
from tests.hostile import aliases_through_fragment, fragment_bomb, walk


@pytest.fixture(scope="module")
def analyser() -> Analyser:
    settings = Settings()
    return Analyser(graphql_schema(build_schema(settings)), settings.graphql_limits())


def inline(document: str) -> str:
    """The document with every fragment spread replaced by its fields, by text (small documents only)."""
    bodies = dict(re.findall(r"fragment (\w+) on \w+ (\{.*\})", document))
    query = document.split("\nfragment", 1)[0]
    while "..." in query:
        query = re.sub(r"\.\.\.(\w+)", lambda m: bodies[m.group(1)][1:-1], query)
    return query


@pytest.mark.parametrize("levels", [1, 2, 5, 9])
def test_fragments_measured_once_give_the_measure_of_their_expansion(analyser: Analyser, levels: int) -> None:
    doc = fragment_bomb(levels)
    expanded = inline(doc)
    assert "..." not in expanded and expanded.count("code") == 2**levels - 1
    assert analyser.measure(parse(doc), None, {}) == analyser.measure(parse(expanded), None, {})


def test_aliases_through_a_fragment_count_once_per_spread(analyser: Analyser) -> None:
    doc = aliases_through_fragment(3, 1)
    m = analyser.measure(parse(doc), None, {})
    assert m == analyser.measure(parse(inline(doc)), None, {})
    assert m.aliases == 3
    # three outlets pages of 100, each outlet a monitoring page of 100, each month days (50 assumed) of 2 fields;
    # a field counts 1, a list (nodes) 1 plus its items
    per_month = 1 + (1 + 50 * 2) + (1 + 1)  # key, days and its items' date and value, outlet and its code
    monitoring = 1 + (1 + 100 * per_month)
    assert m.cost == 3 * (1 + (1 + 100 * monitoring))


def test_a_fragment_bomb_of_60_levels_is_measured_and_refused(analyser: Analyser) -> None:
    m = analyser.measure(parse(fragment_bomb(60)), None, {})
    assert m.cost > 2**60
    with pytest.raises(TooComplex, match="estimated cost"):
        analyser.check(parse(fragment_bomb(60)), None, {})


def test_pages_come_from_literals_variables_and_defaults(analyser: Analyser) -> None:
    def cost(query: str, **variables: object) -> float:
        return analyser.measure(parse(query), None, variables).cost

    assert cost("{ outlets(first: 3) { nodes { code } } }") == 1 + 1 + 3
    assert cost("{ outlets { nodes { code } } }") == 1 + 1 + 20  # the default page
    q = "query($n: Int) { outlets(first: $n) { nodes { code } } }"
    assert cost(q, n=7) == 1 + 1 + 7
    assert cost(q) == 1 + 1 + 100  # a variable without a value: the largest page
    assert cost("query($n: Int = 4) { outlets(first: $n) { nodes { code } } }") == 1 + 1 + 4
    assert cost("{ outlets(first: 2) { totalCount edges { cursor node { code } } } }") == 1 + 1 + 1 + 2 * 3
    assert analyser.measure(parse(walk(2)), None, {}).depth == 9


def test_depth_and_aliases_limits(analyser: Analyser) -> None:
    deep = '{ enterprise(uscc: "x") { ' + "parent { " * 12 + "uscc" + " }" * 12 + " } }"
    with pytest.raises(TooComplex, match="maximum operation depth of 12"):
        analyser.check(parse(deep), None, {})
    many = "{ " + " ".join(f"a{i}: counts {{ label }}" for i in range(31)) + " }"
    with pytest.raises(TooComplex, match="31 aliases"):
        analyser.check(parse(many), None, {})


def test_introspection_has_its_own_allowance(analyser: Analyser) -> None:
    from graphql import get_introspection_query

    standard = parse(get_introspection_query(descriptions=True))
    assert analyser.check(standard, None, {}).introspection > 0
    nested = "{ __schema { types { " + "fields { type { " * 4 + "name" + " } }" * 4 + " } } }"
    with pytest.raises(TooComplex, match="introspection"):
        analyser.check(parse(nested), None, {})


def test_prescan() -> None:
    limits = Limits(max_tokens=50, max_nesting=5)
    prescan("{ a { b { c } } }", limits)
    with pytest.raises(TooComplex, match="more than 50 tokens"):
        prescan("{ " + "a " * 60 + "}", limits)
    with pytest.raises(TooComplex, match="more than 5 deep"):
        prescan("{ a { b { c { d { e { f } } } } } }", limits)
    with pytest.raises(TooComplex, match="more than 5 deep"):
        prescan('{ a(x: [[[[[["deep"]]]]]]) }', limits)
    prescan('{ a(x: "{{{{{{{{") }', limits)  # brackets inside strings do not count
    with pytest.raises(BadRequest, match="Syntax Error"):
        prescan('{ a(x: "unterminated) }', limits)
    two = "query A { a } query B { b }"
    with pytest.raises(BadRequest, match="2 operations"):
        prescan(two, limits)
    prescan(two, limits, "B")
    with pytest.raises(BadRequest, match="no operation named 'C'"):
        prescan(two, limits, "C")
    prescan("{ a } fragment F on T { b }", limits)  # a fragment is not an operation
    with pytest.raises(BadRequest, match="2 operations"):
        prescan("{ a } { b }", limits)


def test_bodies_and_parameters() -> None:
    limits = HttpLimits(max_json_depth=4)
    check_body(b'{"query": "{ a }"}', "application/json; charset=utf-8", limits)
    for body, message in [
        (b'{"query": "{ a }", "x": "\xff"}', "not valid UTF-8 \\(byte 25 of"),
        (b"null", "found NoneType"),
        (b"[1]", "batched"),
        (b'{"query": "{ a }", "variables": {"a": [[[[1]]]]}}', "more than 4 deep"),
        (b"{" * 5000, "not JSON|more than 4 deep"),
        (b'{"query": "{ a }", "operationName": 3}', "`operationName` must be a string"),
        (b'{"query": ""}', "no `query`"),
    ]:
        with pytest.raises(BadRequest, match=message):
            check_body(body, "application/json", limits)
    with pytest.raises(BadRequest, match="takes application/json"):
        check_body(b"query=x", "application/x-www-form-urlencoded", limits)
    with pytest.raises(BadRequest, match="must be UTF-8"):
        check_body(b'{"query": "{ a }"}', "application/json; charset=latin-1", limits)
    assert check_query_string(b"", limits) is False  # GraphiQL's page
    assert check_query_string(b"query=%7Ba%7D", limits) is True
    with pytest.raises(BadRequest, match="`variables` is not JSON"):
        check_query_string(b"query=%7Ba%7D&variables=%7B", limits)
    with pytest.raises(BadRequest, match="an object or null"):
        check_params({"query": "{ a }", "variables": "x"}, limits)


def test_named_queries_cost_their_rows_times_the_page_each_row_holds(analyser: Analyser) -> None:
    def cost(query: str, **variables: object) -> float:
        return analyser.measure(parse(query), None, variables).cost

    assert cost('{ namedQuery(name: "count_labels") }') == 100 * 10  # first defaults to 100 rows
    assert cost('{ namedQuery(name: "x", first: 100, params: {first: 100}) }') == 100 * 10 * 100
    assert cost('query($p: JSON) { namedQuery(name: "x", first: 5, params: $p) }', p={"recent": 20}) == 5 * 10 * 20
    with pytest.raises(TooComplex):
        analyser.check(parse('{ namedQuery(name: "x", first: 100, params: {first: 100}) }'), None, {})


def test_a_documents_measure_is_kept_only_while_no_variable_decides_it(analyser: Analyser) -> None:
    paged = "query($n: Int, $u: String!) { enterprise(uscc: $u) { permits(first: $n) { nodes { number } } } }"
    fixed = "query($u: String!) { enterprise(uscc: $u) { permits(first: 3) { nodes { number } } } }"
    small = analyser.measure(parse(paged), None, {"n": 2, "u": "x"}, paged)
    large = analyser.measure(parse(paged), None, {"n": 90, "u": "x"}, paged)
    assert large.cost > small.cost  # the page variable decides it: measured again for each request
    first = analyser.measure(parse(fixed), None, {"u": "x"}, fixed)
    assert analyser.measure(parse("{ __typename }"), None, {"u": "y"}, fixed) is first  # kept by its text
    # and prescan lets a document it passed through again, refusing what it refused
    limits = Limits(max_tokens=10)
    prescan("{ a { b } }", limits)
    prescan("{ a { b } }", limits)
    with pytest.raises(TooComplex):
        prescan("{ " + "a " * 20 + "}", limits)
    with pytest.raises(TooComplex):
        prescan("{ " + "a " * 20 + "}", limits)
