"""Region scope decided by the data, walked as an attacker with a legitimate key would: from an in-scope object,
every relationship field of every node type (generated from the schema, so a new edge cannot be forgotten) is
followed into what it reaches, to three hops, on a graph whose group (parent → subsidiary → grandchild), waste
transfers, quota trades, a site in another province and enforcement chains cross regions. Every object reached is
judged against an oracle written from the test data (who owns it, where that owner lies), not from the model: an
out-of-scope object is refused at its path (its provenance never shown) to a Tangshan inspector and to the public;
an in-scope one reads in full."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from graphql import GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, get_named_type

from api.app import build_schema, create_app
from api.auth import create_key
from api.settings import Settings
from graph import checks
from graph.db import Database
from loaders.load import load
from schema import ids
from schema.internals import graphql_schema
from tests.conftest import DATA, wipe

pytestmark = pytest.mark.slow  # a server, a browser, a restart or a generated graph: `pytest -m "not slow"` skips it

TANGSHAN, SONGJIANG, SUZHOU, SHENZHEN = (
    "91130207123456788D",
    "913101177654321208",
    "91320505555555536X",
    ("91440305MA5D0K1X2D"),
)
SITE = f"{TANGSHAN}/S2"  # the Tangshan company's site in Suzhou
WHERE = {TANGSHAN: "130207", SONGJIANG: "310117", SUZHOU: "320505", SHENZHEN: "440305", SITE: "320505"}
SCOPE = "130200"  # the inspector's prefecture: Tangshan
# Objects whose key does not name their owner, with the owners the test data gives them (a transfer or a trade
# lies where either end does; a regional quota where its region is).
OWNERS: dict[tuple[str, str], tuple[str, ...]] = {
    ("Inspection", "JC-2024-001"): (TANGSHAN,),
    ("Violation", "JC-2024-001-V1"): (TANGSHAN,),
    ("Penalty", "唐环罚〔2024〕12号"): (TANGSHAN,),
    ("Inspection", "JC-SH-2024-007"): (SONGJIANG,),
    ("Violation", "JC-SH-2024-007-V1"): (SONGJIANG,),
    ("Penalty", "沪松环罚〔2024〕41号"): (SONGJIANG,),
    ("Inspection", "JC-SZ-2024-031"): (SHENZHEN,),
    ("Violation", "JC-SZ-2024-031-V1"): (SHENZHEN,),
    ("Penalty", "深环南罚〔2024〕77号"): (SHENZHEN,),
    ("EIAApproval", "冀环审〔2016〕88号"): (TANGSHAN,),
    ("CompletionAcceptance", "冀环验〔2017〕31号"): (TANGSHAN,),
    ("EIAApproval", "松环保许管[2018]522号"): (SONGJIANG,),
    ("HazardousWasteLicence", "3205050001"): (SUZHOU,),
    ("WasteTransfer", "2024130207000001"): (TANGSHAN, SUZHOU),
    ("WasteTransfer", "2024310117000009"): (SONGJIANG, SUZHOU),
    ("QuotaTrade", "PWQ-2024-0912"): (TANGSHAN, SHENZHEN),
    ("QuotaTrade", "PWQ-2024-1003"): (SONGJIANG, SHENZHEN),
    ("Quota", "ZL-SZ-2024-COD"): (SHENZHEN,),
    ("Quota", "ZL-440300-2024-COD"): ("440300",),
    ("Device", "91130207123456788S2DW009"): (SITE,),  # on the Suzhou site's outlet
}
DEPTH = 3
OWN = '{ enterprise(uscc: "%s") { violations { nodes { violationId penalties { nodes { amountYuan } } } } } }'


def inside(label: str, key: str) -> bool:
    """The oracle: whether an object lies in the inspector's prefecture, from the test data alone."""
    if label in ("Pollutant", "Industry"):
        return False  # code tables lie in no region: the public's view
    if label == "Region":
        regions = [key]
    elif (label, key) in OWNERS:
        regions = [WHERE.get(o, o) for o in OWNERS[label, key]]
    elif SITE in key:
        regions = [WHERE[SITE]]
    else:
        owners = [u for u in (TANGSHAN, SONGJIANG, SUZHOU, SHENZHEN) if u in key]
        assert owners, f"no owner known for {label} {key!r}: declare it in OWNERS"
        regions = [WHERE[owners[0]]]
    return any(r.startswith(SCOPE[:4]) for r in regions)


@pytest.fixture(scope="module")
def graph(db: Database) -> Database:
    wipe(db)
    load(db, DATA / "small")
    checks.check(db, as_of=dt.date(2025, 3, 1))  # findings and exceedances of the small graph
    load(db, DATA / "crossregion")
    return db


@pytest.fixture(scope="module")
def schema() -> GraphQLSchema:
    return graphql_schema(build_schema(Settings()))


@pytest.fixture(scope="module")
def ask(graph: Database, settings: Settings) -> Iterator[Any]:
    keys = {
        "admin": create_key(graph, "walk admin", "admin", ["national"]),
        "inspector": create_key(graph, "唐山 walk inspector", "inspector", [SCOPE]),
    }
    with TestClient(create_app(settings.model_copy(update={"permitgraph_anonymous_role": "public"}))) as client:

        def asker(who: str, query: str, **variables: Any) -> Any:
            headers = {"Authorization": f"Bearer {keys[who]}"} if who in keys else {}
            response = client.post("/graphql", json={"query": query, "variables": variables}, headers=headers)
            assert response.status_code in (200, 400), response.text
            return response.json()

        yield asker


Hop = tuple[str, str, str]  # (alias, selection, shape: one | list | page)


def hops(schema: GraphQLSchema) -> dict[str, list[Hop]]:
    """Per node type, every field that reaches other nodes, with the selection that lists them."""
    node_types = {
        name
        for name, t in schema.type_map.items()
        if isinstance(t, GraphQLObjectType) and any(i.name == "Node" for i in t.interfaces)
    }
    found: dict[str, list[Hop]] = {}
    for name in node_types:
        gtype = schema.type_map[name]
        assert isinstance(gtype, GraphQLObjectType)
        for field_name, field in gtype.fields.items():
            if any(isinstance(a.type, GraphQLNonNull) and a.default_value is None for a in field.args.values()):
                continue  # needs arguments a walk cannot invent (a window, a pollutant)
            named = get_named_type(field.type)
            target = named.name.removesuffix("Connection")
            page = "(first: 100)" if "first" in field.args else ""
            if named.name.endswith("Connection") and target in node_types:
                found.setdefault(name, []).append(
                    (field_name, f"{field_name}{page} {{ nodes {{ id source }} }}", "page")
                )
            elif named.name in node_types:
                inner = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
                shape = "list" if isinstance(inner, GraphQLList) else "one"
                found.setdefault(name, []).append((field_name, f"{field_name}{page} {{ id source }}", shape))
        if name == "Enterprise":  # the group chain: the hop the leak went through
            found[name].append(
                (
                    "groupViolations",
                    "groupViolations: violations(group: true, first: 100) { nodes { id source } }",
                    "page",
                )
            )
    return found


def _document(type_name: str, fields: list[Hop]) -> str:
    return f"query($id: ID!) {{ node(id: $id) {{ ... on {type_name} {{ {' '.join(s for _, s, _ in fields)} }} }} }}"


def _targets(data: Any, alias: str, shape: str) -> list[tuple[list[Any], dict[str, Any] | None]]:
    """(path under the node, the object or None) of each object one hop reached in an answer."""
    value = (data or {}).get(alias)
    if shape == "page":
        nodes = (value or {}).get("nodes") or []
        return [([alias, "nodes", i], n) for i, n in enumerate(nodes)]
    if shape == "list":
        return [([alias, i], n) for i, n in enumerate(value or [])]
    return [([alias], value)] if value is not None else []


def _at(data: Any, path: list[Any]) -> Any:
    for step in path:
        if data is None:
            return None
        data = (
            data[step]
            if isinstance(step, int) and isinstance(data, list) and step < len(data)
            else (data.get(step) if isinstance(data, dict) else None)
        )
    return data


def _refused_at(errors: list[dict[str, Any]], path: list[Any]) -> bool:
    """An error at the object's path, inside it, or at a field above it that refused the whole list."""
    return any(
        e["extensions"]["code"] == "FORBIDDEN"
        and (e["path"][: len(path)] == path or path[: len(e["path"])] == e["path"])
        for e in errors
    )


def test_every_hop_out_of_the_callers_regions_is_refused_at_its_path(ask: Any, schema: GraphQLSchema) -> None:
    fields = hops(schema)
    start = ids.encode("Enterprise", TANGSHAN)
    seen: set[str] = {start}
    frontier = [start]
    crossings: set[tuple[str, str]] = set()  # (type, field) of the hops that led out of the region
    checked = {"inspector": 0, "public": 0}
    for _ in range(DEPTH):
        following: list[str] = []
        for gid in frontier:
            label, key = ids.decode(gid)
            if label not in fields:
                continue
            document = _document(label, fields[label])
            full = ask("admin", document, id=gid)
            assert "errors" not in full, full
            answers = {who: ask(who, document, id=gid) for who in ("inspector", "public")}
            for alias, _, shape in fields[label]:
                for path, target in _targets(full["data"]["node"], alias, shape):
                    assert target is not None
                    t_label, t_key = ids.decode(target["id"])
                    in_scope = inside(t_label, t_key)
                    if in_scope is False and inside(label, key):
                        crossings.add((label, alias))
                    for who, answer in answers.items():
                        where = ["node", *path]
                        shown = _at(answer.get("data"), [*where, "source"])
                        if who == "public" or not in_scope:
                            assert shown is None, (who, label, key, alias, t_label, t_key)
                            assert target["source"] is None or _refused_at(answer.get("errors", []), where), (
                                who,
                                label,
                                key,
                                alias,
                                t_label,
                                t_key,
                                answer.get("errors"),
                            )
                            checked[who] += 1
                        elif inside(label, key):  # in scope, reached from in scope: read in full, unless
                            # an out-of-scope sibling's refusal nulled the (non-null item) list around it
                            assert not [e for e in answer.get("errors", []) if e["path"][: len(where)] == where]
                            emptied = _at(answer.get("data"), ["node", path[0]]) is None
                            assert shown == target["source"] or emptied, (label, key, alias, t_label, t_key)
                    if target["id"] not in seen:
                        seen.add(target["id"])
                        following.append(target["id"])
        frontier = following
    # the walk went where the leak was: the group chain, the group itself, a site elsewhere, transfers and trades
    assert crossings >= {
        ("Enterprise", "groupViolations"),
        ("Enterprise", "subsidiaries"),
        ("Enterprise", "sites"),
        ("Enterprise", "outlets"),
        ("WasteTransfer", "receiver"),
        ("QuotaTrade", "buyer"),
    }, sorted(crossings)
    assert len(crossings) >= 8, sorted(crossings)
    assert checked["inspector"] >= 40 and checked["public"] > checked["inspector"], checked


def test_the_group_chain_shows_a_scoped_inspector_only_its_own(ask: Any) -> None:
    """The leak as reported: a Tangshan inspector asks its parent company's group violations."""
    document = (
        '{ enterprise(uscc: "%s") { name violations(group: true) { totalCount nodes { violationId '
        "penalties { nodes { amountYuan } } } } } }"
    )
    admin = ask("admin", document % TANGSHAN)["data"]["enterprise"]["violations"]
    listed = [v["violationId"] for v in admin["nodes"]]
    assert {"JC-2024-001-V1", "JC-SH-2024-007-V1"} <= set(listed)  # its own and its subsidiary's in Shanghai
    scoped = ask("inspector", document % TANGSHAN)
    assert scoped["data"]["enterprise"]["name"] == "唐山丰南热电有限公司"
    text = str(scoped["data"])
    assert "JC-SH-2024-007-V1" not in text and "JC-SZ-2024-031-V1" not in text and "180000" not in text
    assert scoped["errors"] and all(e["extensions"]["code"] == "FORBIDDEN" for e in scoped["errors"])
    outside = {i for i, v in enumerate(listed) if v != "JC-2024-001-V1"}
    refused = {e["path"][3] for e in scoped["errors"]}
    assert refused and refused <= outside, (refused, outside)  # refused at an out-of-scope violation's path
    own = ask(
        "inspector",
        OWN % TANGSHAN,
    )
    assert own == {
        "data": {
            "enterprise": {
                "violations": {
                    "nodes": [{"violationId": "JC-2024-001-V1", "penalties": {"nodes": [{"amountYuan": 250000.0}]}}]
                }
            }
        }
    }
