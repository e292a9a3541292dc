"""The direct lane answers POST /graphql exactly as the usual way (FastAPI's router and strawberry's view) would:
the same status, media type and body for answers, errors, refusals and what it hands on."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.auth import create_key
from api.lane import DirectLane
from api.settings import Settings
from graph.db import Database
from tests.documents import DASH_PROVINCE, TRACE

U, C = "91130207123456788D", "DA001"  # the small graph's outlet


@pytest.fixture(scope="module")
def clients(small_graph: Database, settings: Settings) -> Iterator[tuple[TestClient, TestClient, str]]:
    public = settings.model_copy(update={"permitgraph_anonymous_role": "public"})
    usual = public.model_copy(update={"permitgraph_direct_lane": False})
    key = create_key(small_graph, "lane test", "analyst", ["national"])
    with TestClient(create_app(public)) as lane, TestClient(create_app(usual)) as plain:
        yield lane, plain, key


CASES: list[tuple[str, dict[str, Any], dict[str, str]]] = [
    ("an answer", {"query": TRACE, "variables": {"u": U, "c": C}}, {"auth": "key"}),
    ("a dashboard", {"query": DASH_PROVINCE}, {"auth": "key"}),
    ("a field the public may not read", {"query": TRACE, "variables": {"u": U, "c": C}}, {}),
    ("a syntax error", {"query": "{ enterprise(uscc: "}, {}),
    ("an unknown field", {"query": "{ nothing }"}, {}),
    ("a variable of the wrong type", {"query": TRACE, "variables": {"u": 5, "c": C}}, {"auth": "key"}),
    ("a missing variable", {"query": TRACE, "variables": {"u": U}}, {"auth": "key"}),
    (
        "a mutation the role may not run",
        {"query": 'mutation { publishDisclosures(regionCode: "130000", period: "2024") { published } }'},
        {"auth": "key"},
    ),
    ("a subscription over POST", {"query": "subscription { x }"}, {}),
    ("a bad key", {"query": "{ __typename }"}, {"auth": "pgk_nope.nope"}),
    ("a malformed header", {"query": "{ __typename }"}, {"auth": "Basic abc"}),
    ("graphql-response media", {"query": "{ nothing }"}, {"accept": "application/graphql-response+json"}),
    ("graphql-response answer", {"query": "{ __typename }"}, {"accept": "application/graphql-response+json"}),
]


def _ask(client: TestClient, key: str, payload: dict[str, Any], how: dict[str, str]) -> tuple[int, str, Any]:
    headers = {}
    if "auth" in how:
        headers["authorization"] = f"Bearer {key}" if how["auth"] == "key" else how["auth"]
        if how["auth"].startswith("Basic"):
            headers["authorization"] = how["auth"]
    if "accept" in how:
        headers["accept"] = how["accept"]
    response = client.post("/graphql", json=payload, headers=headers)
    return response.status_code, response.headers.get("content-type", ""), response.json()


@pytest.mark.parametrize(("what", "payload", "how"), CASES, ids=[c[0] for c in CASES])
def test_the_lane_answers_as_the_usual_way(
    clients: tuple[TestClient, TestClient, str],
    monkeypatch: pytest.MonkeyPatch,
    what: str,
    payload: dict[str, Any],
    how: dict[str, str],
) -> None:
    lane, plain, key = clients
    taken: list[bool] = []
    original = DirectLane.run

    async def spy(self: DirectLane, *args: Any) -> None:
        taken.append(True)
        await original(self, *args)

    monkeypatch.setattr(DirectLane, "run", spy)
    got = _ask(lane, key, payload, how)
    assert taken == [True], what  # the lane took it (and the usual way below did not)
    monkeypatch.undo()
    assert got == _ask(plain, key, payload, how), what


def test_validation_is_kept_by_text_and_still_answers_each_document(
    clients: tuple[TestClient, TestClient, str],
) -> None:
    from api.app import TextValidationCache

    lane, _, key = clients
    bad = {"query": "{ nothing }"}
    first = _ask(lane, key, bad, {})
    assert first[0] == 200 and first[2]["errors"][0]["message"].startswith("Cannot query field 'nothing'")
    assert _ask(lane, key, bad, {}) == first  # kept: the same errors again
    kept = sum(len(v) for v in TextValidationCache.held.values())
    good = {"query": "query NewToThisSchema { __typename }"}
    assert _ask(lane, key, good, {})[2] == {"data": {"__typename": "Query"}}
    assert sum(len(v) for v in TextValidationCache.held.values()) == kept + 1
    assert _ask(lane, key, good, {})[2] == {"data": {"__typename": "Query"}}
