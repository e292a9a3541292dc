"""The lean executor gives exactly graphql-core's answer: for every outlet and permit of a generated graph, every
group's violation chain, the dashboards and lists with enum, input-object and variable arguments, and each role."""

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.db import Database
from sample.generate import Params
from schema import fastviews
from tests.conftest import load_generated
from tests.documents import CHAIN, DASH_EXPIRING, DASH_PROVINCE, PERMIT, TRACE
from tests.test_api import CountingDatabase, counting_database

pytestmark = pytest.mark.slow  # a server, a browser, a restart or a generated graph: `pytest -m "not slow"` skips it

# Beyond the benchmark's selections: aliases, __typename, ids, provenance, page arguments and page info; the
# permit's also asks for pages the view did not fetch (2 reports, the holder's region): their hop queries fetch them.
TRACE_PAGED = """query T($u: String!, $c: String!, $n: Int) { t: outletTrace(uscc: $u, outletCode: $c) {
  __typename id source code kind medium compliant
  limits(first: 1) { totalCount pageInfo { hasNextPage endCursor } nodes { __typename pollutantCode } }
  recent: exceedances(first: $n) { totalCount nodes { id date value ratio } }
  permits { nodes { number validFrom status } } } }"""
PERMIT_PAGED = """query($n: String!) { permitView(number: $n) {
  id number enterprise { uscc name managementClass region { code name } }
  reports(first: 2) { totalCount nodes { period emissions { pollutant { code name } actualT permittedT } } }
  violations(first: 1) { nodes { violationId date } } } }"""
# What the lean executor leaves to graphql-core: a fragment, a directive, a key selected twice.
FALLBACKS = [
    (
        """query($u: String!, $c: String!) { outletTrace(uscc: $u, outletCode: $c) { ...o } }
        fragment o on Outlet { code kind }""",
        "outlet",
    ),
    (
        """query($u: String!, $c: String!, $x: Boolean!) { outletTrace(uscc: $u, outletCode: $c) {
        code limits @include(if: $x) { totalCount } } }""",
        "outlet",
    ),
    (
        """query($n: String!) { permitView(number: $n) { number enterprise { uscc } enterprise { name } } }""",
        "permit",
    ),
]


@pytest.fixture(scope="module")
def generated(db: Database, tmp_path_factory: pytest.TempPathFactory) -> Database:
    return load_generated(
        db, tmp_path_factory.mktemp("views"), Params(enterprises=40, seed=3, days=62, problem_rate=0.2)
    )


@pytest.fixture(scope="module")
def counting(generated: Database, settings: Settings) -> CountingDatabase:
    return counting_database(settings)


@pytest.fixture(scope="module")
def clients(
    generated: Database, counting: CountingDatabase, settings: Settings
) -> Iterator[tuple[TestClient, TestClient]]:
    slow = settings.model_copy(update={"permitgraph_fast_views": False})
    with TestClient(create_app(settings, db=counting)) as fast, TestClient(create_app(slow)) as plain:
        yield fast, plain


@pytest.fixture
def answered(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether the lean executor answered each request (so the comparison is not of graphql-core with itself)."""
    seen: list[bool] = []
    original = fastviews.execute

    async def spy(*args: Any) -> Any:
        data = await original(*args)
        seen.append(data is not None)
        return data

    monkeypatch.setattr(fastviews, "execute", spy)
    return seen


def _post(client: TestClient, query: str, variables: dict[str, Any]) -> tuple[int, Any]:
    response = client.post("/graphql", json={"query": query, "variables": variables})
    return response.status_code, response.json()


def _keys(db: Database) -> tuple[list[str], list[str]]:
    records = db.driver.execute_query(
        "MATCH (o:Outlet) WITH collect(o.key) AS outlets MATCH (p:Permit) RETURN outlets, collect(p.number) AS permits",
        database_=db.database,
    ).records[0]
    return sorted(records["outlets"]), sorted(records["permits"])


def test_every_trace_and_permit_view_is_answered_alike(
    generated: Database, clients: tuple[TestClient, TestClient], answered: list[bool]
) -> None:
    fast, plain = clients
    outlets, permits = _keys(generated)
    assert len(outlets) > 80 and len(permits) > 30
    cases = [(q, {"u": k.split(":")[0], "c": k.split(":")[1], "n": 20}) for k in outlets for q in (TRACE, TRACE_PAGED)]
    cases += [(q, {"n": n}) for n in permits for q in (PERMIT, PERMIT_PAGED)]
    nonempty = 0
    compliance = set()
    for query, variables in cases:
        variables = {k: v for k, v in variables.items() if f"${k}" in query}
        expected = _post(plain, query, variables)
        assert _post(fast, query, variables) == expected, (query, variables)
        assert expected[0] == 200 and "errors" not in expected[1]
        # and what the view primed is what the hop queries give, page by page, without the view's statement
        assert _post(plain, _without_view(query), variables) == expected, (query, variables)
        nonempty += any(v is not None for v in expected[1]["data"].values())
        if "t" in expected[1]["data"]:
            compliance.add(expected[1]["data"]["t"]["compliant"])
    assert nonempty == len(cases)
    assert compliance == {None, True, False}  # outlets without limits, keeping to them, exceeding them
    assert answered == [True] * len(cases)


def _without_view(query: str) -> str:
    """The same selection through the plain root fields (every list from its hop query), under the view's name."""
    hops = query.replace("t: outletTrace(uscc: $u, outletCode: $c)", "t: outlet(uscc: $u, code: $c)")
    hops = hops.replace("outletTrace(uscc: $u, outletCode: $c)", "outletTrace: outlet(uscc: $u, code: $c)")
    hops = hops.replace("permitView(number: $n)", "permitView: permit(number: $n)")
    assert hops != query
    return hops


def test_what_it_cannot_answer_goes_to_graphql_core(
    generated: Database, counting: CountingDatabase, clients: tuple[TestClient, TestClient], answered: list[bool]
) -> None:
    fast, plain = clients
    outlets, permits = _keys(generated)
    u, c = outlets[0].split(":")
    variables: dict[str, dict[str, Any]] = {"outlet": {"u": u, "c": c, "x": True}, "permit": {"n": permits[0]}}
    for query, kind in FALLBACKS:
        used = {k: v for k, v in variables[kind].items() if f"${k}" in query}
        counting.reads.clear()
        assert _post(fast, query, used) == _post(plain, query, used)
        # given up before anything ran: the view's statement runs once, in graphql-core
        view = counting.reads[0]
        assert view in {"trace_outlet", "get_permit_view"} and view not in counting.reads[1:]
    # unknown keys, a bad variable, a non-null argument missing: the same answer and the same errors
    odd: list[tuple[str, dict[str, Any]]] = [
        (TRACE, {"u": "91000000000000000X", "c": "DA999"}),
        (PERMIT, {"n": 17}),
        (TRACE, {"u": u}),
        (PERMIT, {"n": "NO-SUCH-PERMIT"}),
    ]
    for query, used in odd:
        assert _post(fast, query, used) == _post(plain, query, used)
    assert answered == [False, False, False, True, False, False, True]  # the two nulls are answered


# Lists, dashboards and several root fields, with enum, input-object, default and variable arguments.
LISTS = """query($m: Measure!, $f: DashboardFilter, $n: Int! = 50) {
  aggregate(measure: $m, groupBy: PREFECTURE, filter: $f, first: $n) { key name count amount }
  top: topEnterprises(measure: VIOLATIONS, first: 3) { enterprise { uscc name } count amount }
  enterprises(first: 5, sort: NAME) { totalCount pageInfo { hasNextPage endCursor }
    nodes { uscc name managementClass region { code name } permits { nodes { number status } } } }
  permits(filter: {status: VALID}, first: 4) { nodes { number validTo enterprise { name } } }
  violations(first: 6) { nodes { violationId date enterprise { uscc } outlet { code } } }
  regions(level: PROVINCE) { nodes { code name } } }"""


def test_chains_dashboards_and_lists_are_answered_alike(
    generated: Database, clients: tuple[TestClient, TestClient], answered: list[bool]
) -> None:
    fast, plain = clients
    violators = [
        r["uscc"]
        for r in generated.driver.execute_query(
            "MATCH (e:Enterprise) WHERE EXISTS { (e)<-[:COMMITTED_BY]-(:Violation) } RETURN e.uscc AS uscc "
            "ORDER BY uscc",
            database_=generated.database,
        ).records
    ]
    assert len(violators) >= 5
    cases: list[tuple[str, dict[str, Any]]] = [(CHAIN, {"u": u}) for u in violators]
    cases += [(DASH_PROVINCE, {}), (DASH_EXPIRING, {})]
    cases += [
        (LISTS, {"m": m, "f": f} | ({"n": n} if n else {}))
        for m in ("VIOLATIONS", "PENALTIES", "PERMITS_EXPIRING")
        for f, n in ((None, 0), ({"dateFrom": "2024-01-01", "managementClass": "KEY"}, 2))
    ]
    chains = 0
    for query, variables in cases:
        expected = _post(plain, query, variables)
        assert _post(fast, query, variables) == expected, (query, variables)
        assert expected[0] == 200 and "errors" not in expected[1], expected
        if query is CHAIN:
            chains += expected[1]["data"]["enterprise"]["violations"]["totalCount"] > 0
    assert chains == len(violators)
    assert answered == [True] * len(cases)


def test_each_role_is_answered_alike_and_refused_alike(generated: Database, settings: Settings) -> None:
    """The lean executor answers a role only what the guard would let it read; the rest the guard refuses."""
    from api.auth import create_key

    outlets, permits = _keys(generated)
    u, c = outlets[0].split(":")
    documents = [
        (TRACE, {"u": u, "c": c}),
        (PERMIT, {"n": permits[0]}),
        (DASH_PROVINCE, {}),
        (LISTS, {"m": "VIOLATIONS"}),
    ]
    public = settings.model_copy(update={"permitgraph_anonymous_role": "public"})
    slow = public.model_copy(update={"permitgraph_fast_views": False})
    keys = {role: create_key(generated, f"lean {role}", role, ["national"]) for role in ("analyst", "inspector")}
    scoped = create_key(generated, "lean scoped", "inspector", [u[2:4] + "0000"])
    with TestClient(create_app(public)) as fast, TestClient(create_app(slow)) as plain:
        for who in (None, keys["analyst"], keys["inspector"], scoped):
            headers = {"Authorization": f"Bearer {who}"} if who else {}
            for query, variables in documents:
                body = {"query": query, "variables": variables}
                got = fast.post("/graphql", json=body, headers=headers)
                want = plain.post("/graphql", json=body, headers=headers)
                assert (got.status_code, got.json()) == (want.status_code, want.json()), (who, query)
                if who is None and query is not DASH_PROVINCE:
                    assert any(e["extensions"]["code"] == "FORBIDDEN" for e in want.json().get("errors", []))
