"""The API over HTTP on the hand-built graph: whole answers for every capability, and the request rules."""

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.async_db import AsyncDatabase
from graph.db import Database
from loaders.tables import table
from schema.ids import encode

A, B, C = "91130207123456788D", "913101177654321208", "91320505555555536X"
PA, PB = f"{A}001P", f"{B}001V"
APPROVAL_A = "冀环审〔2016〕88号"
ACCEPTANCE_A = "冀环验〔2017〕31号"


class CountingDatabase(AsyncDatabase):
    """The test graph through the API's async driver, counting the named read queries (round trips) a request
    makes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reads: list[str] = []

    async def read(self, name: str, /, *, max_rows: int | None = None, **params: Any) -> list[dict[str, Any]]:
        self.reads.append(name)
        return await super().read(name, max_rows=max_rows, **params)


def counting_database(settings: Settings) -> CountingDatabase:
    db = CountingDatabase.connect(settings.connection(), settings.db_bounds())
    assert isinstance(db, CountingDatabase)
    return db


@pytest.fixture(scope="module")
def counting(small_graph: Database, settings: Settings) -> CountingDatabase:
    return counting_database(settings)


@pytest.fixture(scope="module")
def client(counting: CountingDatabase, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings, db=counting)) as c:
        yield c


def gql(client: TestClient, query: str, **variables: Any) -> Any:
    response = client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200, response.text
    return response.json()


def data(client: TestClient, query: str, **variables: Any) -> Any:
    body = gql(client, query, **variables)
    assert "errors" not in body, body
    return body["data"]


def test_counts_per_label(client: TestClient) -> None:
    counts = {c["label"]: c["count"] for c in data(client, "{ counts { label count } }")["counts"]}
    # one exceedance: B's pH 9.4 came after its permit expired, when no limit was in force
    assert counts["Enterprise"] == 3 and counts["Outlet"] == 3 and counts["Exceedance"] == 1
    assert counts["Region"] > 100 and counts["Pollutant"] == len(table("pollutants"))


# --- traceability -------------------------------------------------------------------------------------------------
TRACE_SELECTION = """{
    code kind medium localCode
    enterprise { uscc name }
    treatmentFacilities { totalCount nodes { code
      productionFacilities { nodes { code eiaApprovals { nodes { docNumber approvedOn } } } } } }
    untreatedSources { nodes { code } }
    permits { nodes { number status validTo eiaApprovals { nodes { docNumber } } } }
    limits { totalCount nodes { pollutantCode concentrationMax unit annualAmountT } }
    exceedances { totalCount nodes { date pollutant value limit ratio } }
    compliant
}"""
TRACE = "query($u: String!, $c: String!) { outletTrace(uscc: $u, outletCode: $c) " + TRACE_SELECTION + " }"
OUTLET = "query($u: String!, $c: String!) { outletTrace: outlet(uscc: $u, code: $c) " + TRACE_SELECTION + " }"

MF_WITH_APPROVAL = {"nodes": [{"docNumber": APPROVAL_A, "approvedOn": "2016-05-20"}]}


def test_outlet_trace_follows_the_whole_chain_in_one_round_trip(client: TestClient, counting: CountingDatabase) -> None:
    counting.reads.clear()
    trace = data(client, TRACE, u=A, c="DA001")
    assert counting.reads == ["trace_outlet"]
    assert trace == {
        "outletTrace": {
            "code": "DA001",
            "kind": "main",
            "medium": "air",
            "localCode": "FQ001",
            "enterprise": {"uscc": A, "name": "唐山丰南热电有限公司"},
            "treatmentFacilities": {
                "totalCount": 1,
                "nodes": [
                    {
                        "code": "TA001",
                        "productionFacilities": {
                            "nodes": [
                                {"code": "MF0001", "eiaApprovals": MF_WITH_APPROVAL},
                                {"code": "MF0002", "eiaApprovals": MF_WITH_APPROVAL},
                            ]
                        },
                    }
                ],
            },
            "untreatedSources": {"nodes": []},
            "permits": {
                "nodes": [
                    {
                        "number": PA,
                        "status": "valid",
                        "validTo": "2028-06-30",
                        "eiaApprovals": {"nodes": [{"docNumber": APPROVAL_A}]},
                    }
                ]
            },
            "limits": {
                "totalCount": 3,
                "nodes": [
                    {"pollutantCode": "a21002", "concentrationMax": 50.0, "unit": "mg/m3", "annualAmountT": 140.0},
                    {"pollutantCode": "a21026", "concentrationMax": 35.0, "unit": "mg/m3", "annualAmountT": 100.0},
                    {"pollutantCode": "a34013", "concentrationMax": 10.0, "unit": "mg/m3", "annualAmountT": 20.0},
                ],
            },
            "exceedances": {
                "totalCount": 1,
                "nodes": [
                    {
                        "date": "2024-03-05",
                        "pollutant": "a21026",
                        "value": 40.6,
                        "limit": 35.0,
                        "ratio": pytest.approx(0.16),
                    }
                ],
            },
            "compliant": False,
        }
    }


def test_the_trace_view_equals_the_same_selection_through_the_loaders(
    client: TestClient, counting: CountingDatabase
) -> None:
    for code in ("DA001", "DW001"):
        counting.reads.clear()
        through_loaders = data(client, OUTLET, u=A, c=code)
        assert len(counting.reads) > 1  # the batched loaders, one round trip per query and level
        assert data(client, TRACE, u=A, c=code) == through_loaders


def test_outlet_without_limit_and_without_treatment_is_visible(client: TestClient) -> None:
    trace = data(client, TRACE, u=A, c="dw001")["outletTrace"]
    assert trace["treatmentFacilities"] == {"totalCount": 0, "nodes": []}
    assert trace["untreatedSources"] == {"nodes": [{"code": "MF0003"}]}
    assert trace["limits"] == {"totalCount": 0, "nodes": []} and trace["compliant"] is None


def test_trace_graph_is_drawable(client: TestClient) -> None:
    q = """query($id: ID!) { traceGraph(id: $id) { nodes { id label key name } edges { type source target } } }"""
    graph = data(client, q, id=encode("Outlet", f"{A}:DA001"))["traceGraph"]
    ids = {n["id"] for n in graph["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in graph["edges"])
    assert [(n["label"], n["key"]) for n in graph["nodes"]] == [
        ("CompletionAcceptance", ACCEPTANCE_A),  # the acceptance of the approved project, with what it accepted
        ("EIAApproval", APPROVAL_A),
        ("Enterprise", A),
        ("Outlet", f"{A}:DA001"),
        ("Permit", PA),
        ("PermitLimit", f"{PA}:DA001:a21002:daily"),
        ("PermitLimit", f"{PA}:DA001:a21026:daily"),
        ("PermitLimit", f"{PA}:DA001:a34013:daily"),
        ("ProductionFacility", f"{A}:MF0001"),
        ("ProductionFacility", f"{A}:MF0002"),
        ("TreatmentFacility", f"{A}:TA001"),
    ]
    key_of = {n["id"]: n["key"] for n in graph["nodes"]}
    edges = sorted((e["type"], key_of[e["source"]], key_of[e["target"]]) for e in graph["edges"])
    assert edges == sorted(
        [
            ("ACCEPTED_BY", APPROVAL_A, ACCEPTANCE_A),
            ("ACCEPTS", ACCEPTANCE_A, f"{A}:TA001"),
            ("APPROVES", APPROVAL_A, f"{A}:MF0001"),
            ("APPROVES", APPROVAL_A, f"{A}:MF0002"),
            ("COVERS", PA, f"{A}:DA001"),
            ("DISCHARGES_TO", f"{A}:TA001", f"{A}:DA001"),
            ("FEEDS", f"{A}:MF0001", f"{A}:TA001"),
            ("FEEDS", f"{A}:MF0002", f"{A}:TA001"),
            ("FOR_OUTLET", f"{PA}:DA001:a21002:daily", f"{A}:DA001"),
            ("FOR_OUTLET", f"{PA}:DA001:a21026:daily", f"{A}:DA001"),
            ("FOR_OUTLET", f"{PA}:DA001:a34013:daily", f"{A}:DA001"),
            ("HAS_OUTLET", A, f"{A}:DA001"),
            ("INCORPORATES", PA, APPROVAL_A),
            ("SETS_LIMIT", PA, f"{PA}:DA001:a21002:daily"),
            ("SETS_LIMIT", PA, f"{PA}:DA001:a21026:daily"),
            ("SETS_LIMIT", PA, f"{PA}:DA001:a34013:daily"),
        ]
    )
    names = {n["label"]: n["name"] for n in graph["nodes"]}
    assert names["TreatmentFacility"] == "1#脱硫脱硝除尘设施" and names["EIAApproval"] == "2×220t/h锅炉建设项目"


def test_forward_trace_from_an_enterprise_and_a_facility(client: TestClient) -> None:
    q = """query($id: ID!) { traceGraph(id: $id) { nodes { label key } edges { type } } }"""
    graph = data(client, q, id=encode("ProductionFacility", f"{A}:MF0003"))["traceGraph"]
    assert sorted((n["label"], n["key"]) for n in graph["nodes"]) == [
        ("Enterprise", A),
        ("Outlet", f"{A}:DW001"),
        ("ProductionFacility", f"{A}:MF0003"),
    ]
    graph = data(client, q, id=encode("Enterprise", B))["traceGraph"]
    assert sorted({n["label"] for n in graph["nodes"]}) == [
        "EIAApproval",
        "Enterprise",
        "Outlet",
        "Permit",
        "ProductionFacility",
        "TreatmentFacility",
    ]
    assert sorted(e["type"] for e in graph["edges"]).count("FEEDS") == 1


# --- entities, ids, pagination, filters ---------------------------------------------------------------------------
def test_enterprise_with_region_chain_industry_and_group(client: TestClient) -> None:
    q = """query($u: String!) { enterprise(uscc: $u) { uscc name usccProblem managementClass
            region { code level parent { code level parent { code name level parent { code } } } }
            industry { code name } parent { uscc } subsidiaries { totalCount }
            permits { nodes { number } } outlets { nodes { code } } } }"""
    assert data(client, q, u=B)["enterprise"] == {
        "uscc": B,
        "name": "上海松江污水处理有限公司",
        "usccProblem": None,
        "managementClass": "key",
        "region": {
            "code": "310117",
            "level": "county",
            "parent": {
                "code": "310100",
                "level": "prefecture",
                "parent": {"code": "310000", "name": "上海市", "level": "province", "parent": None},
            },
        },
        "industry": {"code": "4620", "name": "污水处理及其再生利用"},
        "parent": {"uscc": A},
        "subsidiaries": {"totalCount": 0},
        "permits": {"nodes": [{"number": PB}]},
        "outlets": {"nodes": [{"code": "DW001"}]},
    }
    assert data(client, q, u="91130200699229617X")["enterprise"] is None


def test_every_object_can_be_fetched_again_by_its_global_id(client: TestClient) -> None:
    q = """query($u: String!) { enterprise(uscc: $u) { id outlets { nodes { id } } permits { nodes { id } } } }"""
    e = data(client, q, u=A)["enterprise"]
    node = """query($id: ID!) { node(id: $id) { id __typename
        ... on Enterprise { uscc } ... on Outlet { key } ... on Permit { number } } }"""
    assert data(client, node, id=e["id"])["node"] == {"id": e["id"], "__typename": "Enterprise", "uscc": A}
    outlet_id = e["outlets"]["nodes"][0]["id"]
    assert data(client, node, id=outlet_id)["node"] == {"id": outlet_id, "__typename": "Outlet", "key": f"{A}:DA001"}
    permit_id = e["permits"]["nodes"][0]["id"]
    assert data(client, node, id=permit_id)["node"] == {"id": permit_id, "__typename": "Permit", "number": PA}
    assert data(client, node, id=encode("Enterprise", "91130200699229617X"))["node"] is None
    body = gql(client, node, id="not-an-id")
    assert body["data"] == {"node": None} and body["errors"][0]["extensions"] == {"code": "INVALID_INPUT"}


def test_lists_are_pages_with_cursors_and_a_maximum_size(client: TestClient, settings: Settings) -> None:
    q = """query($after: String) { enterprises(first: 2, after: $after, sort: USCC) {
             totalCount pageInfo { hasNextPage hasPreviousPage endCursor } nodes { uscc } } }"""
    first = data(client, q)["enterprises"]
    assert first["totalCount"] == 3 and [n["uscc"] for n in first["nodes"]] == [A, B]
    assert first["pageInfo"]["hasNextPage"] is True and first["pageInfo"]["hasPreviousPage"] is False
    second = data(client, q, after=first["pageInfo"]["endCursor"])["enterprises"]
    assert [n["uscc"] for n in second["nodes"]] == [C]
    assert second["pageInfo"]["hasNextPage"] is False and second["pageInfo"]["hasPreviousPage"] is True
    too_many = settings.permitgraph_max_page_size + 1
    body = gql(client, "query($n: Int) { enterprises(first: $n) { totalCount } }", n=too_many)
    assert body["errors"][0]["extensions"] == {"code": "INVALID_INPUT"}
    assert f"between 0 and {settings.permitgraph_max_page_size}" in body["errors"][0]["message"]
    body = gql(client, '{ enterprises(after: "bm9wZQ==") { totalCount } }')
    assert body["errors"][0]["extensions"] == {"code": "INVALID_INPUT"}


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ('{regionCode: "130000"}', [A]),  # province
        ('{regionCode: "310100"}', [B]),  # prefecture
        ('{regionCode: "320505"}', [C]),  # county
        ('{industryCode: "46"}', [B]),  # industry division
        ("{managementClass: SIMPLIFIED}", [C]),
        ('{nameContains: "污水"}', [B]),
        ('{regionCode: "130000", managementClass: SIMPLIFIED}', []),
    ],
)
def test_enterprise_filters(client: TestClient, where: str, expected: list[str]) -> None:
    q = "{ enterprises(filter: " + where + ") { totalCount nodes { uscc } } }"
    assert data(client, q)["enterprises"] == {"totalCount": len(expected), "nodes": [{"uscc": u} for u in expected]}


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ("{status: EXPIRED}", [PB]),
        ('{validOn: "2025-01-01"}', [PA]),
        ('{expiresTo: "2024-01-01"}', [PB]),
        ('{expiresFrom: "2024-01-01", regionCode: "130200"}', [PA]),
        ('{issuedFrom: "2021-01-01"}', [PA]),
        ("{}", [PB, PA]),  # by end of validity
    ],
)
def test_permit_filters(client: TestClient, where: str, expected: list[str]) -> None:
    q = "{ permits(filter: " + where + ") { nodes { number } } }"
    assert data(client, q)["permits"]["nodes"] == [{"number": n} for n in expected]


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ('{pollutantCode: "a21026"}', [f"{A}:DA001"]),
        ("{kind: MAIN}", [f"{A}:DA001", f"{B}:DW001"]),
        ("{medium: WATER}", [f"{A}:DW001", f"{B}:DW001"]),
        ('{code: "dw001", regionCode: "310000"}', [f"{B}:DW001"]),
    ],
)
def test_outlet_filters(client: TestClient, where: str, expected: list[str]) -> None:
    q = "{ outlets(filter: " + where + ") { nodes { key } } }"
    assert data(client, q)["outlets"]["nodes"] == [{"key": k} for k in expected]


def test_invalid_filter_values_are_precise_errors(client: TestClient) -> None:
    body = gql(client, '{ enterprises(filter: {regionCode: "13"}) { totalCount } }')
    assert body["errors"][0]["extensions"] == {"code": "INVALID_INPUT"}
    assert "6 digits" in body["errors"][0]["message"]
    body = gql(client, '{ permits(filter: {expiresFrom: "2025-01-01", expiresTo: "2024-01-01"}) { totalCount } }')
    assert "after the end" in body["errors"][0]["message"]


# --- one-permit view ----------------------------------------------------------------------------------------------
PERMIT_SELECTION = """{
    number status validFrom validTo managementClass
    enterprise { uscc name }
    outlets { nodes { code kind } }
    limits { nodes { outletKey pollutantCode concentrationMax annualAmountT } }
    eiaApprovals { nodes { docNumber project } }
    reports { totalCount nodes { period kind dueOn submittedOn
      emissions { pollutant { code name } actualT permittedT ratio } } }
    exceedances { totalCount nodes { date pollutant value limit } }
    inspections { nodes { inspectionId date result } }
    violations { nodes { violationId type } }
}"""


def test_one_permit_view_in_one_round_trip(client: TestClient, counting: CountingDatabase) -> None:
    counting.reads.clear()
    view = data(client, "query($n: String!) { permitView(number: $n) " + PERMIT_SELECTION + " }", n=PA)
    assert counting.reads == ["get_permit_view"]
    assert view["permitView"] == {
        "number": PA,
        "status": "valid",
        "validFrom": "2023-07-01",
        "validTo": "2028-06-30",
        "managementClass": "key",
        "enterprise": {"uscc": A, "name": "唐山丰南热电有限公司"},
        "outlets": {"nodes": [{"code": "DA001", "kind": "main"}]},
        "limits": {
            "nodes": [  # by pollutant; an outlet's limit before the enterprise-wide one (nulls last)
                {
                    "outletKey": f"{A}:DA001",
                    "pollutantCode": "a21002",
                    "concentrationMax": 50.0,
                    "annualAmountT": 140.0,
                },
                {"outletKey": None, "pollutantCode": "a21002", "concentrationMax": None, "annualAmountT": 140.0},
                {
                    "outletKey": f"{A}:DA001",
                    "pollutantCode": "a21026",
                    "concentrationMax": 35.0,
                    "annualAmountT": 100.0,
                },
                {"outletKey": None, "pollutantCode": "a21026", "concentrationMax": None, "annualAmountT": 100.0},
                {"outletKey": f"{A}:DA001", "pollutantCode": "a34013", "concentrationMax": 10.0, "annualAmountT": 20.0},
            ]
        },
        "eiaApprovals": {"nodes": [{"docNumber": APPROVAL_A, "project": "2×220t/h锅炉建设项目"}]},
        "reports": {
            "totalCount": 1,
            "nodes": [
                {
                    "period": "2024",
                    "kind": "annual",
                    "dueOn": "2025-01-15",
                    "submittedOn": "2025-01-10",
                    "emissions": [
                        {
                            "pollutant": {"code": "a21002", "name": "氮氧化物"},
                            "actualT": 88.4,
                            "permittedT": 140.0,
                            "ratio": pytest.approx(88.4 / 140),
                        },
                        {
                            "pollutant": {"code": "a21026", "name": "二氧化硫"},
                            "actualT": 61.2,
                            "permittedT": 100.0,
                            "ratio": pytest.approx(0.612),
                        },
                    ],
                }
            ],
        },
        "exceedances": {
            "totalCount": 1,
            "nodes": [{"date": "2024-03-05", "pollutant": "a21026", "value": 40.6, "limit": 35.0}],
        },
        "inspections": {"nodes": [{"inspectionId": "JC-2024-001", "date": "2024-03-20", "result": "发现问题"}]},
        "violations": {"nodes": [{"violationId": "JC-2024-001-V1", "type": "超过许可排放浓度排放"}]},
    }
    through_loaders = data(
        client, "query($n: String!) { permitView: permit(number: $n) " + PERMIT_SELECTION + " }", n=PA
    )
    assert through_loaders == view


# --- enforcement chains -------------------------------------------------------------------------------------------
CHAIN_FIELDS = """{ totalCount nodes {
    violationId type article date
    enterprise { uscc } outlet { code } pollutant { code name }
    clause { outletKey pollutantCode concentrationMax }
    inspection { inspectionId date authority }
    permit { number }
    penalties { nodes { decisionNumber amountYuan date } } } }"""
CHAIN = (
    "query($u: String!, $group: Boolean!) { enterprise(uscc: $u) { violations(group: $group) " + CHAIN_FIELDS + " } }"
)

V1 = {
    "violationId": "JC-2024-001-V1",
    "type": "超过许可排放浓度排放",
    "article": "34",
    "date": "2024-03-20",
    "enterprise": {"uscc": A},
    "outlet": {"code": "DA001"},
    "pollutant": {"code": "a21026", "name": "二氧化硫"},
    "clause": {"outletKey": f"{A}:DA001", "pollutantCode": "a21026", "concentrationMax": 35.0},
    "inspection": {"inspectionId": "JC-2024-001", "date": "2024-03-20", "authority": "唐山市生态环境局"},
    "permit": {"number": PA},
    "penalties": {"nodes": [{"decisionNumber": "唐环罚〔2024〕12号", "amountYuan": 250000.0, "date": "2024-04-15"}]},
}


def test_enterprise_to_violation_chain_with_its_group(client: TestClient, counting: CountingDatabase) -> None:
    counting.reads.clear()
    own = data(client, CHAIN, u=A, group=False)["enterprise"]["violations"]
    assert own == {"totalCount": 1, "nodes": [V1]}
    assert counting.reads == ["get_enterprises", "list_violation_chains_of_enterprises"]  # the chain in one
    assert data(client, CHAIN, u=B, group=False)["enterprise"]["violations"] == {"totalCount": 0, "nodes": []}
    # B is a subsidiary of A: the group's chain reaches A's violation
    assert data(client, CHAIN, u=B, group=True)["enterprise"]["violations"] == {"totalCount": 1, "nodes": [V1]}
    assert data(client, CHAIN, u=C, group=True)["enterprise"]["violations"]["totalCount"] == 0
    # the same chain through the one-hop loaders (nothing primed: the root list does not fetch chains)
    assert data(client, "{ violations " + CHAIN_FIELDS + " }")["violations"]["nodes"] == [V1]


def test_from_a_violation_type_region_and_period_to_the_enterprises(client: TestClient) -> None:
    q = """query($f: ViolationFilter) {
        violations(filter: $f) { totalCount nodes { violationId enterprise { uscc name } } } }"""
    hit = {
        "totalCount": 1,
        "nodes": [{"violationId": "JC-2024-001-V1", "enterprise": {"uscc": A, "name": "唐山丰南热电有限公司"}}],
    }
    f = {"type": "超过许可排放浓度排放", "regionCode": "130000", "dateFrom": "2024-01-01", "dateTo": "2024-12-31"}
    assert data(client, q, f=f)["violations"] == hit
    assert data(client, q, f={**f, "dateFrom": "2024-04-01"})["violations"] == {"totalCount": 0, "nodes": []}
    assert data(client, q, f={"regionCode": "310000"})["violations"] == {"totalCount": 0, "nodes": []}


# --- dashboards and search ----------------------------------------------------------------------------------------
def agg(client: TestClient, args: str) -> Any:
    return data(client, "{ aggregate(" + args + ") { key name count amount permitted } }")["aggregate"]


def test_dashboard_aggregates_by_region_industry_class_and_period(client: TestClient) -> None:
    assert agg(client, "measure: PERMITS_ISSUED, groupBy: YEAR") == [
        {"key": "2020", "name": None, "count": 1, "amount": 0.0, "permitted": None},
        {"key": "2023", "name": None, "count": 1, "amount": 0.0, "permitted": None},
    ]
    assert agg(client, "measure: PERMITS_ISSUED, groupBy: PROVINCE") == [
        {"key": "130000", "name": "河北省", "count": 1, "amount": 0.0, "permitted": None},
        {"key": "310000", "name": "上海市", "count": 1, "amount": 0.0, "permitted": None},
    ]
    assert agg(client, 'measure: PERMITS_EXPIRING, groupBy: MANAGEMENT_CLASS, filter: {dateFrom: "2028-01-01"}') == [
        {"key": "key", "name": None, "count": 1, "amount": 0.0, "permitted": None}
    ]
    assert agg(client, "measure: PENALTIES, groupBy: PREFECTURE, rankBy: AMOUNT") == [
        {"key": "130200", "name": "唐山市", "count": 1, "amount": 250000.0, "permitted": None}
    ]
    assert agg(client, "measure: VIOLATIONS, groupBy: QUARTER") == [
        {"key": "2024Q1", "name": None, "count": 1, "amount": 0.0, "permitted": None}
    ]
    assert agg(client, "measure: EXCEEDANCES, groupBy: MONTH") == [
        {"key": "2024-03", "name": None, "count": 1, "amount": pytest.approx(0.16), "permitted": None},
    ]
    assert agg(client, 'measure: EMISSIONS, groupBy: INDUSTRY, filter: {pollutantCode: "a21026"}') == [
        {"key": "4411", "name": "火力发电", "count": 1, "amount": 61.2, "permitted": 100.0}
    ]


def test_top_enterprises(client: TestClient) -> None:
    q = "{ topEnterprises(measure: PENALTIES, rankBy: AMOUNT, first: 5) { enterprise { uscc } count amount } }"
    assert data(client, q)["topEnterprises"] == [{"enterprise": {"uscc": A}, "count": 1, "amount": 250000.0}]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("污水", [("Enterprise", B)]),
        ("丰南", [("Enterprise", A)]),
        (A.lower(), [("Enterprise", A)]),
        (PB, [("Permit", PB)]),
        ("dw001", [("Outlet", f"{A}:DW001"), ("Outlet", f"{B}:DW001")]),
        ("fq001", [("Outlet", f"{A}:DA001")]),  # a local outlet code
        ("污水 松江", [("Enterprise", B)]),  # every word, in any order
        ("松江　污水处理", [("Enterprise", B)]),  # an ideographic space
        ("松江 丰南", []),
        ("ＤＷ００１", [("Outlet", f"{A}:DW001"), ("Outlet", f"{B}:DW001")]),  # full-width, as some exports type it
        ("没有这个", []),
    ],
)
def test_search(client: TestClient, text: str, expected: list[tuple[str, str]]) -> None:
    q = """query($t: String!) { search(text: $t) { __typename
        ... on Enterprise { uscc } ... on Permit { number } ... on Outlet { key } } }"""
    hits = data(client, q, t=text)["search"]
    assert [(h["__typename"], h.get("uscc") or h.get("number") or h.get("key")) for h in hits] == expected


def test_an_outlet_is_found_by_its_local_code_too(client: TestClient) -> None:
    q = """query($u: String!, $c: String!) { outlet(uscc: $u, code: $c) { key localCode }
        outletTrace(uscc: $u, outletCode: $c) { key } }"""
    assert data(client, q, u=A, c="fq001") == {
        "outlet": {"key": f"{A}:DA001", "localCode": "FQ001"},
        "outletTrace": {"key": f"{A}:DA001"},
    }
    assert data(client, q, u=A, c="ＷＳ００１") == {  # full-width, as some exports type it
        "outlet": {"key": f"{A}:DW001", "localCode": "WS001"},
        "outletTrace": {"key": f"{A}:DW001"},
    }
    assert data(client, q, u=A, c="FQ999") == {"outlet": None, "outletTrace": None}


# --- request rules ------------------------------------------------------------------------------------------------
def test_expected_errors_are_precise_and_typed(client: TestClient) -> None:
    body = gql(client, TRACE, u=A, c="FQ-001; DROP")
    assert body["data"] == {"outletTrace": None}
    assert body["errors"][0]["extensions"] == {"code": "INVALID_INPUT"}
    assert "D + A/W + 3 digits" in body["errors"][0]["message"] and "local code" in body["errors"][0]["message"]
    # a variable of the wrong type is the client's mistake: said as it is, not masked as an internal error
    body = client.post("/graphql", json={"query": TRACE, "variables": {"u": 17, "c": "DA001"}}).json()
    assert (
        body["errors"][0]["message"]
        == "Variable '$u' has invalid value: String cannot represent a non string value: 17"
    )
    assert "requestId" not in (body["errors"][0].get("extensions") or {})


def test_requests_are_bounded_in_depth_and_aliases(client: TestClient) -> None:
    many = "{ " + " ".join(f"a{i}: counts {{ label }}" for i in range(40)) + " }"
    assert "aliases" in client.post("/graphql", json={"query": many}).json()["errors"][0]["message"]
    deep = f'{{ enterprise(uscc: "{A}") {{ parent ' + "{ parent " * 12 + "{ uscc }" + " }" * 12 + " } }"
    assert (
        "exceeds maximum operation depth"
        in client.post("/graphql", json={"query": deep}).json()["errors"][0]["message"]
    )


def test_graphql_over_http_get_and_media_types(client: TestClient) -> None:
    response = client.get("/graphql", params={"query": f'{{ enterprise(uscc: "{C}") {{ name }} }}'})
    assert response.status_code == 200
    assert response.json() == {"data": {"enterprise": {"name": "苏州虎丘环保科技有限公司"}}}
    accept = {"accept": "application/graphql-response+json"}
    response = client.post("/graphql", json={"query": "{ counts { label } }"}, headers=accept)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/graphql-response+json"
    response = client.post("/graphql", json={"query": "{ counts { nope } }"}, headers=accept)
    assert response.status_code == 400 and "nope" in response.json()["errors"][0]["message"]
    response = client.post("/graphql", json={"query": "{ counts { nope } }"})
    assert response.headers["content-type"] == "application/json"


def test_health_reports_the_database(client: TestClient) -> None:
    body = client.get("/health").json()
    assert body["status"] == "ok" and body["database"]["reachable"] is True and body["database"]["nodes"] > 100


def test_database_down_is_a_503_for_health_and_graphql(settings: Settings) -> None:
    down = settings.model_copy(update={"neo4j_uri": "neo4j://127.0.0.1:1", "neo4j_password": "x"})
    with TestClient(create_app(down)) as c:
        health = c.get("/health")
        response = c.post("/graphql", json={"query": f'{{ enterprise(uscc: "{A}") {{ name }} }}'})
    assert health.status_code == 503 and health.json()["database"]["reachable"] is False
    assert response.status_code == 503
    assert response.json()["errors"][0]["extensions"] == {"code": "DATABASE_UNAVAILABLE"}


def test_the_demo_example_query_answers(client: TestClient) -> None:
    from api.examples import EXAMPLE_QUERY

    trace = data(client, EXAMPLE_QUERY % (A, "DA001"))["outletTrace"]
    assert trace["code"] == "DA001" and trace["compliant"] is False
    assert trace["exceedances"]["totalCount"] == 1


def test_graphiqls_other_example_tabs_answer(client: TestClient) -> None:
    from api.examples import CHAIN_QUERY, DASHBOARD_QUERY, PERMIT_QUERY

    assert data(client, PERMIT_QUERY % PA)["permitView"]["reports"]["nodes"][0]["emissions"]
    chain = data(client, CHAIN_QUERY % A)["enterprise"]["violations"]["nodes"]
    assert [v["article"] for v in chain] == ["34"] and chain[0]["penalties"]["nodes"] == [{"amountYuan": 250000.0}]
    board = data(client, DASHBOARD_QUERY)
    assert board["byProvince"][0]["key"] == "130000" and board["fines"][0]["amount"] == 250000.0
