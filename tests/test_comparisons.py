"""Is this value above the limit that applies to it? Hand-built cases (tests/data/comparisons) on the real graph:
two limits on one value, two averaging bases, a renewal that tightens a limit from a date, mg/m³ against mg/Nm³, a
value equal to its limit, a corrected value, and a reload that must change nothing."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph import checks
from graph.db import Database
from loaders.load import load
from tests.conftest import q

# beyond the inner loop (`pytest -m "not slow"`): the whole suite runs it
pytestmark = pytest.mark.slow

DATA = Path(__file__).parent / "data" / "comparisons"
U = "91130207123456788D"
P1, P2 = f"{U}001P", f"{U}002P"
EIA = "eia:唐环评〔2022〕15号"  # the EIA approval's limit, keyed by its document number
# The findings of DA001's daily SO2 of 2024-05-01 (120 mg/m³, above three limits): what taking it back closes.
MAY_1_FINDINGS = [
    f"concentration_exceedance:{U}:DA001:a21026:2024-05:auto:daily:mg/m3:1/{limit}:DA001:a21026:daily"
    for limit in (P1, P2, f"{EIA}|{U}")
]
AS_OF = dt.date(2024, 6, 1)


def exceedances(db: Database) -> list[tuple[str, str, str, float, float]]:
    rows = q(
        db,
        "MATCH (x:Exceedance)-[:AGAINST_LIMIT]->(l:PermitLimit) "
        "RETURN x.pollutant AS p, x.basis AS b, toString(x.date) AS d, x.value AS v, x.limit AS lim, l.key AS l",
    )
    return sorted((r["p"], r["b"], r["d"], r["v"], r["lim"]) for r in rows)


def test_every_limit_in_force_of_the_same_basis_and_unit_judges_each_value(empty_db: Database) -> None:
    load(empty_db, DATA)  # two limits exceeded by one value used to abort the load (a duplicate Exceedance key)
    assert exceedances(empty_db) == sorted(
        [
            # 25 mg/m³ above 20; the 30 mg/Nm³ of the day before is another unit: no mg/m³ limit judges it
            ("a34013", "daily", "2024-05-02", 25.0, 20.0),
            # the renewal's 50 from 2024-03-01 judges March (80 above it, 50 on it is not); February's 80 was under
            # the 100 then in force, and the 50 was not yet
            ("a21002", "daily", "2024-03-10", 80.0, 50.0),
            # 120 is above both daily limits (two permit records): two exceedances; 90 only above 80; 80 is on it
            ("a21026", "daily", "2024-05-01", 120.0, 80.0),
            ("a21026", "daily", "2024-05-01", 120.0, 100.0),
            # and above the EIA approval's 110 (环评批复, no permit behind it): a third; 90 is under it
            ("a21026", "daily", "2024-05-01", 120.0, 110.0),
            ("a21026", "daily", "2024-05-02", 90.0, 80.0),
            # the hourly 250 is above the hourly 200; the hourly 150 is judged by no daily limit
            ("a21026", "hourly", "2024-05-02", 250.0, 200.0),
            # a24999, an HJ 212-shaped code the bundled dictionary lacks: its limit and values load, and judge
            ("a24999", "daily", "2024-05-01", 150.0, 100.0),
            # the emission standard's NOx 60 (in force from 2024-01-01, no permit behind it) judges both 80s too:
            # February's, under the permit's 100 then, and March's, beside the permit's 50
            ("a21002", "daily", "2024-02-10", 80.0, 60.0),
            ("a21002", "daily", "2024-03-10", 80.0, 60.0),
        ]
    )
    limits = q(
        empty_db,
        "MATCH (l:PermitLimit {source: 'permit'}) WHERE l.pollutant_code = 'a21002' RETURN l.key AS k ORDER BY k",
    )
    assert [r["k"] for r in limits] == [f"{P1}:DA001:a21002:daily", f"{P1}:DA001:a21002:daily@2024-03-01"]


def _findings(db: Database) -> list[tuple[str, str, int]]:
    rows = q(
        db,
        "MATCH (f:Finding {rule: 'concentration_exceedance'}) OPTIONAL MATCH (f)-[e:EVIDENCE]->() "
        "RETURN f.key AS k, f.status AS s, count(e) AS n",
    )
    return sorted((r["k"], r["s"], r["n"]) for r in rows)


def _counts(db: Database) -> dict[str, int]:
    nodes = q(db, "MATCH (n) UNWIND labels(n) AS l RETURN l, count(*) AS c")
    rels = q(db, "MATCH ()-[r]->() RETURN type(r) AS l, count(*) AS c")
    return {r["l"]: r["c"] for r in nodes + rels if r["l"] not in {"LoadRun", "FindingEvent", "HAS_EVENT"}}


def test_a_reload_of_unchanged_files_keeps_every_count_finding_and_evidence_link(empty_db: Database) -> None:
    load(empty_db, DATA)
    checks.check(empty_db, as_of=AS_OF)
    before, findings = _counts(empty_db), _findings(empty_db)
    assert len(findings) == 10 and all(s == "open" and n >= 4 for _, s, n in findings)
    ids = q(empty_db, "MATCH (x:Exceedance) RETURN collect(elementId(x)) AS ids")[0]["ids"]
    load(empty_db, DATA)
    assert _counts(empty_db) == before
    assert _findings(empty_db) == findings  # the evidence links held through the load, before any new check
    assert sorted(q(empty_db, "MATCH (x:Exceedance) RETURN collect(elementId(x)) AS ids")[0]["ids"]) == sorted(ids)
    checks.check(empty_db, as_of=AS_OF)
    assert _counts(empty_db) == before and _findings(empty_db) == findings
    assert q(empty_db, "MATCH (c:Change) RETURN count(c) AS n") == [{"n": 0}]


def test_a_corrected_value_keeps_the_old_one_and_closes_what_it_caused(empty_db: Database, tmp_path: Path) -> None:
    load(empty_db, DATA)
    checks.check(empty_db, as_of=AS_OF)
    corrected = tmp_path / "corrected"
    shutil.copytree(DATA, corrected)
    text = (corrected / "monitoring.csv").read_text(encoding="utf-8")
    (corrected / "monitoring.csv").write_text(text.replace("2024-05-02,90,", "2024-05-02,70,"), encoding="utf-8")
    load(empty_db, corrected)
    assert ("a21026", "daily", "2024-05-02", 90.0, 80.0) not in exceedances(empty_db)
    assert len(exceedances(empty_db)) == 9
    changes = q(
        empty_db,
        "MATCH (m:MonitoringMonth)-[:CHANGED]->(c:Change) RETURN m.key AS m, c.fields AS f, c.old AS old",
    )
    assert changes == [{"m": f"{U}:DA001:a21026:2024-05:auto:daily:mg/m3", "f": ["day 2"], "old": ["90.0"]}]
    checks.check(empty_db, as_of=AS_OF)
    closed = [k for k, s, _ in _findings(empty_db) if s == "closed"]
    assert closed == [f"concentration_exceedance:{U}:DA001:a21026:2024-05:auto:daily:mg/m3:2/{P2}:DA001:a21026:daily"]


def test_a_series_that_stopped_while_the_permit_runs_is_missing_from_where_it_stopped(empty_db: Database) -> None:
    load(empty_db, DATA)
    checks.check(empty_db, ["monitoring_gap"], as_of=AS_OF)
    gaps = q(
        empty_db,
        "MATCH (f:Finding {rule: 'monitoring_gap'}) RETURN f.key AS k, f.period AS p, f.measured AS n ORDER BY k",
    )
    # DA001 has February, March and May: April is missing inside its series. DA002 stopped after March while its
    # permit runs and the record (other series) goes on to May: April and May are missing
    assert gaps == [
        {"k": f"monitoring_gap:{U}:DA001", "p": "2024-04-01/2024-04-01", "n": 1.0},
        {"k": f"monitoring_gap:{U}:DA002", "p": "2024-04-01/2024-05-01", "n": 2.0},
    ]


def test_an_outlet_keeps_to_its_limits_over_a_period(empty_db: Database, settings: Settings) -> None:
    load(empty_db, DATA)
    q = """query($s: Date, $u: Date) {
      a: outlet(uscc: "91130207123456788D", code: "DA001") { all: compliant period: compliant(since: $s, until: $u) }
      b: outlet(uscc: "91130207123456788D", code: "DA002") { period: compliant(since: $s, until: $u) } }"""
    with TestClient(create_app(settings)) as client:

        def ask(since: str, until: str) -> Any:
            response = client.post("/graphql", json={"query": q, "variables": {"s": since, "u": until}})
            return response.json()

        # May's exceedances fell on the 1st and 2nd; DA002 has no value in May: nothing to judge, so null (not true)
        assert ask("2024-05-03", "2024-05-31")["data"] == {"a": {"all": False, "period": True}, "b": {"period": None}}
        # in February and March it keeps to its standard's 35 (its 30s)
        assert ask("2024-02-01", "2024-03-31")["data"]["b"] == {"period": True}
        assert ask("2024-05-01", "2024-05-01")["data"]["a"] == {"all": False, "period": False}
        wrong = ask("2024-06-01", "2024-05-01")
        assert wrong["data"]["a"]["period"] is None and "since 2024-06-01 is after until 2024-05-01" in str(
            wrong["errors"]
        )
        # the same by period: a month, a quarter, a half, a year; DA001's NOx exceeded in February and March
        by_period = """{ outlet(uscc: "91130207123456788D", code: "DA001") {
          apr: compliant(period: "2024-04") may: compliant(period: "2024M05") q1: compliant(period: "2024Q1")
          h2: compliant(period: "2023H2") y: compliant(period: "2024") } }"""
        answer = client.post("/graphql", json={"query": by_period}).json()
        # April 2024 and the second half of 2023 hold no value of DA001: not judged, null
        assert answer["data"]["outlet"] == {"apr": None, "may": False, "q1": False, "h2": None, "y": False}
        bad = client.post(
            "/graphql",
            json={"query": '{ outlet(uscc: "91130207123456788D", code: "DA001") { compliant(period: "2024Q5") } }'},
        ).json()
        assert "a period is a year, half, quarter or month" in bad["errors"][0]["message"]
        # the limits of DA001's SO2, each with what sets it
        limits = client.post(
            "/graphql",
            json={
                "query": '{ outlet(uscc: "91130207123456788D", code: "DA001") { limits(first: 50) { nodes { '
                "pollutantCode basis concentrationMax origin standard permit { number } eiaApproval { docNumber } "
                "} } } }"
            },
        ).json()["data"]["outlet"]["limits"]["nodes"]
        so2 = sorted(
            (
                n["basis"],
                n["concentrationMax"],
                n["origin"],
                (n["permit"] or {}).get("number"),
                (n["eiaApproval"] or {}).get("docNumber"),
            )
            for n in limits
            if n["pollutantCode"] == "a21026"
        )
        assert so2 == [
            ("daily", 80.0, "permit", P2, None),
            ("daily", 100.0, "permit", P1, None),
            ("daily", 110.0, "eia", None, "唐环评〔2022〕15号"),
            ("hourly", 200.0, "permit", P1, None),
        ]


def test_a_pollutant_outside_the_dictionary_loads_and_is_reported(empty_db: Database) -> None:
    load(empty_db, DATA)
    assert q(empty_db, "MATCH (p:Pollutant {code: 'a24999'}) RETURN p.listed AS listed, p.name AS name") == [
        {"listed": False, "name": "a24999"}
    ]
    checks.check(empty_db, ["data_quality"], as_of=AS_OF)
    found = q(empty_db, "MATCH (f:Finding {rule: 'data_quality'}) RETURN f.key AS k ORDER BY k")
    assert found == [{"k": f"data_quality:pollutant:{P1}:DA001:a24999:daily"}]


def test_a_standards_limit_is_kept_as_such_and_its_findings_say_so(empty_db: Database) -> None:
    load(empty_db, DATA)
    limits = q(
        empty_db,
        "MATCH (l:PermitLimit {source: 'standard'})-[:FOR_OUTLET]->(o:Outlet) "
        "RETURN l.key AS k, l.standard AS s, l.clause AS c, o.code AS o, EXISTS { (l)<-[:SETS_LIMIT]-() } AS permit "
        "ORDER BY k",
    )
    assert limits == [
        {
            "k": f"GB 13223-2011|{U}:DA001:a21002:daily@2024-01-01",
            "s": "GB 13223-2011",
            "c": "表1",
            "o": "DA001",
            "permit": False,
        },
        {
            "k": f"GB 13223-2011|{U}:DA002:a21026:daily@2012-01-01",
            "s": "GB 13223-2011",
            "c": "表1",
            "o": "DA002",
            "permit": False,
        },
    ]
    eia = q(
        empty_db,
        "MATCH (a:EIAApproval)-[:SETS_LIMIT]->(l:PermitLimit {source: 'eia'})-[:FOR_OUTLET]->(o:Outlet) "
        "RETURN l.key AS k, a.doc_number AS doc, o.code AS o, EXISTS { (l)<-[:SETS_LIMIT]-(:Permit) } AS permit",
    )
    assert eia == [{"k": f"{EIA}|{U}:DA001:a21026:daily", "doc": "唐环评〔2022〕15号", "o": "DA001", "permit": False}]
    checks.check(empty_db, ["concentration_exceedance"], as_of=AS_OF)
    assert q(
        empty_db,
        "MATCH (f:Finding {rule: 'concentration_exceedance'})-[:EVIDENCE]->(a:EIAApproval) RETURN f.message AS m",
    ) == [{"m": "DA001 a21026 120.0 vs EIA approval 唐环评〔2022〕15号 limit 110.0 (ratio 0.091)"}]
    messages = q(
        empty_db,
        "MATCH (f:Finding {rule: 'concentration_exceedance'}) WHERE f.message CONTAINS 'GB 13223' "
        "RETURN f.message AS m ORDER BY m",
    )
    assert messages == [
        {"m": "DA001 a21002 80.0 vs GB 13223-2011 limit 60.0 (ratio 0.333)"},
        {"m": "DA001 a21002 80.0 vs GB 13223-2011 limit 60.0 (ratio 0.333)"},
    ]


def test_a_retracted_value_leaves_the_graph_and_closes_what_it_caused(empty_db: Database, tmp_path: Path) -> None:
    from loaders.retract import retract

    load(empty_db, DATA)
    checks.check(empty_db, ["concentration_exceedance"], as_of=AS_OF)
    withdrawn = tmp_path / "withdrawn.csv"
    withdrawn.write_text(
        "enterprise_uscc,outlet_code,pollutant_code,date,unit,basis,method\n"
        f"{U},DA001,二氧化硫,2024-05-01,mg/m3,daily,auto\n"
        f"{U},DA001,a21026,2024-05-09,mg/m3,daily,auto\n",  # a day without a value: nothing to take back
        encoding="utf-8",
    )
    summary = retract(empty_db, withdrawn)
    assert (summary.rows, summary.retracted, summary.buckets, summary.errors) == (2, 1, 1, [])
    assert [x for x in exceedances(empty_db) if x[0] == "a21026" and x[1] == "daily"] == [
        ("a21026", "daily", "2024-05-02", 90.0, 80.0)
    ]
    bucket = q(
        empty_db,
        "MATCH (m:MonitoringMonth {key: $k})-[:CHANGED]->(c:Change) RETURN m.count AS n, m.max AS max, c.old AS old, "
        "c.retracted AS retracted",
        k=f"{U}:DA001:a21026:2024-05:auto:daily:mg/m3",
    )
    assert bucket == [{"n": 2, "max": 90.0, "old": ["120.0"], "retracted": True}]
    checks.check(empty_db, ["concentration_exceedance"], as_of=AS_OF)
    assert sorted(k for k, s, _ in _findings(empty_db) if s == "closed") == MAY_1_FINDINGS
    # closed for the as-of day it judged, at the real moment it was closed
    when = q(
        empty_db,
        "MATCH (f:Finding {status: 'closed'}) RETURN DISTINCT toString(f.closed_on) AS day, "
        "f.closed_at.year = date().year AND f.closed_at > datetime() - duration({minutes: 10}) AS now",
    )
    assert when == [{"day": str(AS_OF), "now": True}]
    bad = tmp_path / "bad.csv"
    bad.write_text("enterprise_uscc,outlet_code,pollutant_code,date\nX,DA001,a21026,2024-05-01\n", encoding="utf-8")
    assert [(e.row, e.column) for e in retract(empty_db, bad).errors] == [(0, "unit")]
    garbage = tmp_path / "garbage.csv"
    garbage.write_bytes(bytes(range(256)) * 8)  # not a text file: one located error, nothing retracted
    assert [(e.row, e.column) for e in retract(empty_db, garbage).errors] == [(0, "(file)")]


def test_a_load_that_replaces_one_period_of_one_series(empty_db: Database, tmp_path: Path) -> None:
    """The source resends May of DA001's daily SO2 without 05-01 (and 05-03 corrected to 70): with --replace the
    resent month is the record; other series and months stay as they were."""
    load(empty_db, DATA)
    checks.check(empty_db, ["concentration_exceedance"], as_of=AS_OF)
    before = q(
        empty_db,
        "MATCH (m:MonitoringMonth) WHERE m.key <> $k RETURN m.key AS k, m.values AS v ORDER BY k",
        k=f"{U}:DA001:a21026:2024-05:auto:daily:mg/m3",
    )
    resent = tmp_path / "resent"
    resent.mkdir()
    header = (DATA / "monitoring.csv").read_text(encoding="utf-8").splitlines()[0]
    (resent / "monitoring.csv").write_text(
        f"{header}\n{U},DA001,a21026,2024-05-02,90,mg/m3,daily,auto\n{U},DA001,a21026,2024-05-03,70,mg/m3,daily,auto\n",
        encoding="utf-8",
    )
    for _ in range(2):  # the second load changes nothing: the batch that replaced May gives the same values
        load(empty_db, resent, replace=True)
    bucket = q(
        empty_db,
        "MATCH (m:MonitoringMonth {key: $k}) OPTIONAL MATCH (m)-[:CHANGED]->(c:Change) "
        "WITH m, c ORDER BY coalesce(c.retracted, false) "
        "RETURN m.count AS n, m.max AS max, collect([c.fields, c.old, c.retracted]) AS changes",
        k=f"{U}:DA001:a21026:2024-05:auto:daily:mg/m3",
    )
    assert bucket == [
        {
            "n": 2,
            "max": 90.0,
            "changes": [[["day 3"], ["80.0"], None], [["day 1"], ["120.0"], True]],
        }
    ]
    after = q(
        empty_db,
        "MATCH (m:MonitoringMonth) WHERE m.key <> $k RETURN m.key AS k, m.values AS v ORDER BY k",
        k=f"{U}:DA001:a21026:2024-05:auto:daily:mg/m3",
    )
    assert str(after) == str(before)  # NaN slots compare unequal: compared as text
    assert [x for x in exceedances(empty_db) if x[0] == "a21026" and x[1] == "daily"] == [
        ("a21026", "daily", "2024-05-02", 90.0, 80.0)
    ]
    checks.check(empty_db, ["concentration_exceedance"], as_of=AS_OF)
    assert sorted(k for k, s, _ in _findings(empty_db) if s == "closed") == MAY_1_FINDINGS
    # without --replace the same file only merges: nothing more is retracted
    load(empty_db, resent)
    assert q(
        empty_db,
        "MATCH (m:MonitoringMonth {key: $k}) RETURN m.count AS n",
        k=f"{U}:DA001:a21026:2024-05:auto:daily:mg/m3",
    ) == [{"n": 2}]


def test_reports_owed_and_absent_from_the_record_are_late(empty_db: Database) -> None:
    load(empty_db, DATA)
    checks.check(empty_db, ["late_report"], as_of=AS_OF)
    late = q(empty_db, "MATCH (f:Finding {rule: 'late_report'}) RETURN f.key AS k, f.message AS m ORDER BY k")
    # P1 files quarterly (from 2023Q3 on record): 2023Q4 has no row, and needs none — its 2023 annual report, filed,
    # covers the fourth quarter (HJ 944-2018). P2 has no report at all: its 2023 annual one is late.
    assert late == [
        {
            "k": f"late_report:{P2}:2023",
            "m": "annual report 2023 not filed (none on record), due 2024-01-15 (the record runs to 2024-04-15)",
        },
    ]


def test_an_outlets_exceedances_in_a_window_in_the_order_asked(empty_db: Database, settings: Settings) -> None:
    load(empty_db, DATA)
    q = """query($sort: ExceedanceSort!) { outlet(uscc: "91130207123456788D", code: "DA001") {
      all: exceedances(first: 100) { nodes { key date ratio } }
      window: exceedancesBetween(period: "2024", sort: $sort, first: 100) { totalCount nodes { key date ratio } } } }"""
    with TestClient(create_app(settings)) as client:

        def ask(sort: str) -> Any:
            body = client.post("/graphql", json={"query": q, "variables": {"sort": sort}}).json()
            assert "errors" not in body, body
            return body["data"]["outlet"]

        newest, oldest, largest = ask("NEWEST"), ask("OLDEST"), ask("LARGEST")
        in_2024 = [n for n in newest["all"]["nodes"] if n["date"].startswith("2024")]
        assert len({n["date"] for n in in_2024}) >= 2 and len({n["ratio"] for n in in_2024}) >= 2
        assert newest["window"]["nodes"] == in_2024  # the window is the year's, newest first as `exceedances`
        assert [n["date"] for n in oldest["window"]["nodes"]] == sorted(n["date"] for n in in_2024)
        ratios = [n["ratio"] for n in largest["window"]["nodes"]]
        assert ratios == sorted(ratios, reverse=True) and sorted(map(str, ratios)) == sorted(
            str(n["ratio"]) for n in in_2024
        )
