"""A person's workflow on findings, the disclosure lists and the audit trail, end to end on a real Neo4j over POST
/graphql with API keys: each step is an event with who and why and an audit entry; only what a person confirmed is
ever published; a published entry stays as it was published; a region-scoped inspector acts and sees in full only
inside its regions."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from api.app import create_app
from api.auth import create_key
from api.settings import Settings
from graph.db import Database
from schema import ids
from tests.conftest import small_checked

TANGSHAN = "91130207123456788D"  # 唐山丰南热电 (130207): a concentration exceedance, an outlet without a limit
SONGJIANG = "913101177654321208"  # 上海松江 (310117): discharge without a permit, a late report, an EIA excess
CONCENTRATION = (
    "concentration_exceedance:91130207123456788D:DA001:a21026:2024-03:auto:daily:mg/m3:5/91130207123456788D001P:"
    "DA001:a21026:daily"
)
UNPERMITTED = "discharge_without_permit:913101177654321208"
LATE = "late_report:913101177654321208001V:2024"
NO_LIMIT = "outlet_without_limit:91130207123456788D:DW001"
EIA = "eia_amount_exceeded:913101177654321208001V:松环保许管[2018]522号:w01018"
SONGJIANG_NAME = "上海松江污水处理有限公司"
AHEAD = (dt.date.today() + dt.timedelta(days=30)).isoformat()

STEP = """
mutation Step($id: ID!, $reason: String!) {
  %s(id: $id, reason: $reason) {
    __typename
    ... on FindingStepped { finding { key stage stageOn deadline } }
    ... on StepRefused { code message stage }
  }
}"""
ORDER = """
mutation Order($id: ID!, $deadline: Date!) {
  orderRectification(id: $id, deadline: $deadline, reason: "停产整治, 更换脱硫设施", document: "唐环责改〔2025〕3号") {
    __typename ... on FindingStepped { finding { stage deadline overdue } } ... on StepRefused { code stage }
  }
}"""
HISTORY = (
    "query($id: ID!) { node(id: $id) { ... on Finding { stage history { kind run by reason deadline document } } } }"
)

# beyond the inner loop (`pytest -m "not slow"`): the whole suite runs it
pytestmark = pytest.mark.slow


def fid(key: str) -> str:
    return ids.encode("Finding", key)


@pytest.fixture(scope="module")
def graph(db: Database) -> Database:
    return small_checked(db)


@pytest.fixture(scope="module")
def keys(graph: Database) -> dict[str, str]:
    return {
        "analyst": create_key(graph, "workflow analyst", "analyst", ["national"]),
        "inspector": create_key(graph, "workflow inspector", "inspector", ["national"]),
        "tangshan": create_key(graph, "唐山 inspector", "inspector", ["130200"]),
        "admin": create_key(graph, "workflow admin", "admin", ["national"]),
    }


@pytest.fixture(scope="module")
def client(graph: Database, settings: Settings) -> Iterator[TestClient]:
    configured = settings.model_copy(
        update={"permitgraph_anonymous_role": "public", "permitgraph_audit_flush_seconds": 0.0}
    )
    with TestClient(create_app(configured)) as c:
        yield c


@pytest.fixture(scope="module")
def ask(client: TestClient, keys: dict[str, str]) -> Any:
    def asker(who: str, query: str, operation: str | None = None, **variables: Any) -> Any:
        headers = {"Authorization": f"Bearer {keys[who]}"} if who in keys else {}
        body = {"query": query, "variables": variables, "operationName": operation}
        return client.post("/graphql", json=body, headers=headers).json()

    return asker


def _stage(graph: Database, key: str) -> str | None:
    rows = graph.driver.execute_query(
        "MATCH (f:Finding {key: $k}) RETURN f.stage AS s", k=key, database_=graph.database
    )
    stage: str | None = rows.records[0]["s"]
    return stage


def test_a_finding_goes_from_detected_to_closed_with_its_history_and_audit(
    ask: Any, graph: Database, keys: dict[str, str]
) -> None:
    who = "key:" + keys["inspector"].removeprefix("pgk_").split(".")[0]
    confirmed = ask(
        "inspector", STEP % "confirmFinding", "Step", id=fid(CONCENTRATION), reason="现场核实, 在线数据属实"
    )
    assert confirmed["data"]["confirmFinding"] == {
        "__typename": "FindingStepped",
        "finding": {
            "key": CONCENTRATION,
            "stage": "confirmed",
            "stageOn": dt.date.today().isoformat(),
            "deadline": None,
        },
    }
    ordered = ask("inspector", ORDER, "Order", id=fid(CONCENTRATION), deadline=AHEAD)
    assert ordered["data"]["orderRectification"] == {
        "__typename": "FindingStepped",
        "finding": {"stage": "ordered", "deadline": AHEAD, "overdue": False},
    }
    done = ask(
        "inspector", STEP % "recordRectification", "Step", id=fid(CONCENTRATION), reason="脱硫塔已更换, 复测达标"
    )
    assert done["data"]["recordRectification"]["finding"]["stage"] == "rectified"
    closed = ask("inspector", STEP % "closeFinding", "Step", id=fid(CONCENTRATION), reason="复查合格, 销号")
    assert closed["data"]["closeFinding"]["finding"]["stage"] == "closed"

    again = ask("inspector", STEP % "confirmFinding", "Step", id=fid(CONCENTRATION), reason="再次确认")
    assert again["data"]["confirmFinding"] == {
        "__typename": "StepRefused",
        "code": "WRONG_STAGE",
        "message": "confirmFinding moves a finding from detected; this one is closed",
        "stage": "closed",
    }
    history = ask("inspector", HISTORY, id=fid(CONCENTRATION))["data"]["node"]
    assert history["stage"] == "closed"
    person = [e for e in history["history"] if e["run"] is None]
    assert person == [
        {
            "kind": "confirmed",
            "run": None,
            "by": who,
            "reason": "现场核实, 在线数据属实",
            "deadline": None,
            "document": None,
        },
        {
            "kind": "ordered",
            "run": None,
            "by": who,
            "reason": "停产整治, 更换脱硫设施",
            "deadline": AHEAD,
            "document": "唐环责改〔2025〕3号",
        },
        {
            "kind": "rectified",
            "run": None,
            "by": who,
            "reason": "脱硫塔已更换, 复测达标",
            "deadline": None,
            "document": None,
        },
        {"kind": "closed", "run": None, "by": who, "reason": "复查合格, 销号", "deadline": None, "document": None},
    ]
    assert [e["kind"] for e in history["history"] if e["run"] is not None] == ["opened"]

    trail = ask(
        "admin",
        'query($o: ID!) { auditTrail(kind: "mutation", objectId: $o) { totalCount edges { node { subject role via '
        "kind operation field changed status } } } }",
        o=fid(CONCENTRATION),
    )["data"]["auditTrail"]
    entry = {"subject": who, "role": "inspector", "via": "key", "kind": "mutation", "status": "ok"}
    assert trail["totalCount"] == 4  # the refused step wrote nothing
    assert [e["node"] for e in trail["edges"]] == [
        {**entry, "operation": op, "field": field, "changed": [f"Finding:{CONCENTRATION}"]}
        for op, field in [
            ("Step", "closeFinding"),
            ("Step", "recordRectification"),
            ("Order", "orderRectification"),
            ("Step", "confirmFinding"),
        ]
    ]


def test_steps_are_refused_to_analysts_and_the_public_and_write_nothing(ask: Any, graph: Database) -> None:
    for who in ("analyst", "public"):
        answer = ask(who, STEP % "dismissFinding", "Step", id=fid(NO_LIMIT), reason="误报")
        assert answer["data"] is None or answer["data"]["dismissFinding"] is None
        assert [e["extensions"]["code"] for e in answer["errors"]] == ["FORBIDDEN"], answer
    assert _stage(graph, NO_LIMIT) is None


def test_bad_steps_come_back_located_and_write_nothing(ask: Any, graph: Database) -> None:
    missing = ask("inspector", STEP % "confirmFinding", "Step", id=fid("no:such"), reason="x")
    assert missing["data"]["confirmFinding"] == {
        "__typename": "StepRefused",
        "code": "NOT_FOUND",
        "message": f"no finding has the id {fid('no:such')}",
        "stage": None,
    }
    empty = ask("inspector", STEP % "confirmFinding", "Step", id=fid(EIA), reason="   ")
    assert empty["errors"][0]["message"] == "reason must not be empty"
    assert empty["errors"][0]["extensions"]["code"] == "INVALID_INPUT"
    past = ask("inspector", ORDER, "Order", id=fid(EIA), deadline="2020-01-01")
    assert past["errors"][0]["message"] == "a rectification deadline lies ahead; found 2020-01-01"
    enterprise = ask("inspector", STEP % "confirmFinding", "Step", id=ids.encode("Enterprise", TANGSHAN), reason="x")
    assert enterprise["errors"][0]["extensions"]["code"] == "INVALID_INPUT"
    assert _stage(graph, EIA) is None


def test_a_region_scoped_inspector_acts_and_sees_in_full_only_inside_its_regions(ask: Any, graph: Database) -> None:
    outside = ask("tangshan", STEP % "dismissFinding", "Step", id=fid(EIA), reason="不在本辖区")
    assert outside["errors"][0]["message"] == "dismissFinding: the finding lies outside the caller's regions"
    assert outside["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert _stage(graph, EIA) is None
    inside = ask(
        "tangshan", STEP % "dismissFinding", "Step", id=fid(NO_LIMIT), reason="化水废水接入厂内污水站, 非外排口"
    )
    assert inside["data"]["dismissFinding"]["finding"]["stage"] == "dismissed"

    both = ask(
        "tangshan",
        f'{{ a: enterprise(uscc: "{TANGSHAN}") {{ name findings {{ totalCount }} }} '
        f'b: enterprise(uscc: "{SONGJIANG}") {{ name findings {{ totalCount }} }} }}',
    )
    assert both["data"]["a"]["findings"] == {"totalCount": 2}
    assert both["data"]["b"] == {"name": both["data"]["b"]["name"], "findings": None}
    assert [(e["path"], e["extensions"]["code"]) for e in both["errors"]] == [(["b", "findings"], "FORBIDDEN")]
    assert "outside the caller's regions" in both["errors"][0]["message"]

    listed = "query($r: String) { findings(filter: {regionCode: $r}) { totalCount } }"
    assert ask("tangshan", listed, r="130200")["data"]["findings"] == {"totalCount": 2}
    for region in (None, "310000", "130000"):  # no region, another, one wider than its own: public there
        refused = ask("tangshan", listed, r=region)
        assert refused["data"]["findings"] is None, region
        assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    # a look-up by USCC lies where its enterprise does: the outlet trace in full inside, public outside
    trace = '{ outletTrace(uscc: "%s", outletCode: "%s") { code exceedances { totalCount } } }'
    assert ask("tangshan", trace % (TANGSHAN, "DA001")) == {
        "data": {"outletTrace": {"code": "DA001", "exceedances": {"totalCount": 1}}}
    }
    foreign = ask("tangshan", trace % (SONGJIANG, "DW001"))
    assert foreign["data"]["outletTrace"]["exceedances"] is None
    assert [e["path"] for e in foreign["errors"]] == [["outletTrace", "exceedances"]]
    # node(id:) of a finding is judged by the finding's own region
    assert ask("tangshan", HISTORY, id=fid(NO_LIMIT))["data"]["node"]["stage"] == "dismissed"
    assert ask("tangshan", HISTORY, id=fid(EIA))["data"]["node"] is None


LIST = """query($list: DisclosureList!, $region: String, $period: String) {
  disclosures(list: $list, regionCode: $region, period: $period) {
    totalCount edges { node { key listName uscc enterpriseName what article day amountYuan basisLabel basisKey } }
  }
}"""
PUBLISH = """mutation Publish($region: String!, $period: String!) {
  publishDisclosures(regionCode: $region, period: $period) { regionCode period found published lists }
}"""
KIND_RULES = {  # the lists' rules, written out independently of queries/publish_disclosures.cypher
    "UNPERMITTED": {"discharge_without_permit"},
    "NOT_PER_PERMIT": {"concentration_exceedance", "annual_amount_exceedance", "outlet_without_limit"},
    "LATE_REPORT": {"late_report"},
}


def test_disclosure_lists_hold_what_was_confirmed_and_keep_it_as_published(
    ask: Any, graph: Database, client: TestClient
) -> None:
    for key in (UNPERMITTED, LATE):
        ask("inspector", STEP % "confirmFinding", "Step", id=fid(key), reason="核实属实")
    # EIA stays detected; NO_LIMIT was dismissed and CONCENTRATION confirmed then closed (earlier tests)
    assert ask("public", PUBLISH, "Publish", region="310000", period="2025Q1")["errors"][0]["extensions"]["code"] == (
        "FORBIDDEN"
    )
    assert ask("tangshan", PUBLISH, "Publish", region="310000", period="2025Q1")["data"] is None
    shanghai = ask("inspector", PUBLISH, "Publish", region="310000", period="2025Q1")["data"]["publishDisclosures"]
    assert shanghai == {
        "regionCode": "310000",
        "period": "2025Q1",
        "found": 2,
        "published": 2,
        "lists": ["late_report", "unpermitted"],
    }
    hebei = ask("tangshan", PUBLISH, "Publish", region="130200", period="2025Q1")["data"]["publishDisclosures"]
    assert (hebei["found"], hebei["published"], hebei["lists"]) == (1, 1, ["not_per_permit"])
    penalty = ask("inspector", PUBLISH, "Publish", region="130000", period="2024")["data"]["publishDisclosures"]
    assert (penalty["found"], penalty["published"], penalty["lists"]) == (1, 1, ["not_per_permit"])

    # each list equals the confirmed findings of its kind (and, for not_per_permit, the penalty as well)
    confirmed = graph.driver.execute_query(
        "MATCH (f:Finding) WHERE f.stage IN ['confirmed', 'ordered', 'rectified', 'closed'] "
        "RETURN f.rule AS r, f.key AS k",
        database_=graph.database,
    ).records
    for kind, rules in KIND_RULES.items():
        entries = ask("public", LIST, list=kind, period="2025Q1")["data"]["disclosures"]
        published = {e["node"]["basisKey"] for e in entries["edges"] if e["node"]["basisLabel"] == "Finding"}
        assert published == {r["k"] for r in confirmed if r["r"] in rules}, kind
    assert ask("public", LIST, list="NO_AUTOMATIC_MONITORING")["data"]["disclosures"] == {"totalCount": 0, "edges": []}
    fine = ask("public", LIST, list="NOT_PER_PERMIT", region="130200", period="2024Q2")["data"]["disclosures"]
    assert [e["node"] for e in fine["edges"]] == [
        {
            "key": "not_per_permit:penalty:唐环罚〔2024〕12号",
            "listName": "不按证排污",
            "uscc": TANGSHAN,
            "enterpriseName": "唐山丰南热电有限公司",
            "what": fine["edges"][0]["node"]["what"],
            "article": "排污许可管理条例 第34条",
            "day": "2024-04-15",
            "amountYuan": fine["edges"][0]["node"]["amountYuan"],
            "basisLabel": "Penalty",
            "basisKey": "唐环罚〔2024〕12号",
        }
    ]
    assert fine["edges"][0]["node"]["what"].startswith("超过许可排放浓度排放")

    # a disclosure is a record: later changes to the data leave it as published; publishing again adds nothing
    graph.driver.execute_query(
        "MATCH (e:Enterprise {uscc: $u}) SET e.name = '改名后的公司'", u=SONGJIANG, database_=graph.database
    )
    ask("inspector", STEP % "closeFinding", "Step", id=fid(UNPERMITTED), reason="已办证")
    after = ask("public", LIST, list="UNPERMITTED", region="310000", period="2025Q1")["data"]["disclosures"]
    assert [(e["node"]["basisKey"], e["node"]["enterpriseName"]) for e in after["edges"]] == [
        (UNPERMITTED, SONGJIANG_NAME)
    ]
    again = ask("inspector", PUBLISH, "Publish", region="310000", period="2025Q1")["data"]["publishDisclosures"]
    assert (again["found"], again["published"]) == (2, 0)

    # the same list as files
    as_csv = client.get("/disclosures/unpermitted.csv", params={"regionCode": "310000", "period": "2025Q1"})
    assert as_csv.status_code == 200 and as_csv.headers["content-type"].startswith("text/csv")
    assert as_csv.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["名单 list", "统一社会信用代码 USCC", "单位名称 enterprise"]
    assert [r[:3] for r in rows[1:]] == [["无证排污", SONGJIANG, SONGJIANG_NAME]]
    as_xlsx = client.get("/disclosures/not_per_permit.xlsx", params={"regionCode": "130000"})
    sheet = load_workbook(io.BytesIO(as_xlsx.content), read_only=True).active
    assert sheet is not None
    cells = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert len(cells) == 3 and {c[11] for c in cells[1:]} == {CONCENTRATION, "唐环罚〔2024〕12号"}
    bad = client.get("/disclosures/everyone.csv")
    assert bad.status_code == 400 and bad.json()["errors"][0]["extensions"]["code"] == "INVALID_INPUT"


def test_the_audit_trail_records_authenticated_requests_for_admins_only(ask: Any, graph: Database) -> None:
    answer = ask(
        "analyst",
        f'query Who {{ enterprise(uscc: "{TANGSHAN}") {{ id name permits {{ edges {{ node {{ id }} }} }} }} }}',
        "Who",
    )
    assert answer["data"]["enterprise"]["name"] == "唐山丰南热电有限公司"
    ask("public", f'query Anonymous {{ enterprise(uscc: "{TANGSHAN}") {{ id }} }}', "Anonymous")
    entries = ask(
        "admin", '{ auditTrail(operation: "Who") { edges { node { role via kind returned returnedCount status } } } }'
    )
    assert [e["node"] for e in entries["data"]["auditTrail"]["edges"]] == [
        {
            "role": "analyst",
            "via": "key",
            "kind": "request",
            "returned": [f"Enterprise:{TANGSHAN}", f"Permit:{TANGSHAN}001P"],
            "returnedCount": 2,
            "status": "ok",
        }
    ]
    assert ask("admin", '{ auditTrail(operation: "Anonymous") { totalCount } }')["data"]["auditTrail"] == {
        "totalCount": 0
    }
    refused = ask("inspector", "{ auditTrail { totalCount } }")
    assert refused["data"]["auditTrail"] is None and refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
