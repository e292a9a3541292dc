"""The bundled code tables: the whole GB/T 2260 list (current, statistical and retired codes), and regions and
industries given by name in a source resolved to their codes, or rejected with why."""

from __future__ import annotations

import datetime as dt

import pytest

from graph import checks
from graph.db import Database
from loaders.load import load, validate
from loaders.tables import region_status, resolve, table
from tests.conftest import DATA, wipe


def test_the_region_table_is_complete_and_consistent() -> None:
    rows = table("regions")
    codes = [r["code"] for r in rows]
    assert len(codes) == len(set(codes)) > 4000
    by_level = {lvl: sum(1 for r in rows if r["level"] == lvl and r["status"] != "retired") for lvl in ("province",)}
    assert by_level["province"] == 34  # 31 provinces and municipalities, Taiwan, Hong Kong and Macao
    current_counties = [r for r in rows if r["level"] == "county" and r["status"] == "current"]
    assert 2800 < len(current_counties) < 3000
    for r in rows:  # every live county sits in a live province
        if r["status"] != "retired":
            assert region_status(r["code"][:2] + "0000") == "current", r
    # codes real records carry: districts of Shanghai and Suzhou, a 2021 merger, an older retirement
    assert [(c, region_status(c)) for c in ("310104", "320583", "330103", "320582", "130171")] == [
        ("310104", "current"),
        ("320583", "current"),
        ("330103", "retired"),
        ("320582", "current"),
        ("130171", "statistical"),
    ]
    assert {r["code"]: r["name"] for r in rows}["350128"] == "平潭县"


@pytest.mark.parametrize(
    ("kind", "text", "code"),
    [
        ("regions", "上海市徐汇区", "310104"),
        ("regions", "上海市 徐汇区", "310104"),
        ("regions", "徐汇区", "310104"),
        ("regions", "苏州市昆山市", "320583"),
        ("regions", "北京市朝阳区", "110105"),
        ("regions", "吉林省长春市朝阳区", "220104"),
        ("regions", "杭州市下城区", "330103"),  # retired in 2021, still on old records
        ("regions", "江苏省", "320000"),
        ("regions", "320583", "320583"),
        ("industries", "火力发电", "4411"),
        ("industries", "木竹浆制造", "2211"),
        ("industries", "4411", "4411"),
    ],
)
def test_names_resolve_to_codes(kind: str, text: str, code: str) -> None:
    assert resolve(kind, text) == code


@pytest.mark.parametrize(
    ("kind", "text", "why"),
    [
        ("regions", "朝阳区", "ambiguous (110105 北京市朝阳区, 220104 吉林省长春市朝阳区)"),
        ("regions", "不存在区", "a code or a name in the bundled table"),
        ("industries", "无此行业", "a code or a name in the bundled table"),
    ],
)
def test_unknown_and_ambiguous_names_say_why(kind: str, text: str, why: str) -> None:
    with pytest.raises(ValueError, match=why.replace("(", r"\(").replace(")", r"\)")):
        resolve(kind, text)


def test_an_industry_resolves_at_any_level_the_finer_first() -> None:
    assert resolve("industries", "造纸和纸制品业") == "22"  # a division
    assert resolve("industries", "炼铁") == "3110"  # group 311 and class 3110 share the name
    assert resolve("industries", "2669") == "2669"  # a code as given (the loader flags one the table lacks)


def test_a_file_naming_regions_and_industries_loads_what_resolves(db: Database) -> None:
    """An ambiguous region rejects its row; an industry the table does not resolve is kept as given and flagged
    (the row loads), and rejects it only in strict mode."""
    result = validate(DATA / "names")
    assert [(e.row, e.column, e.found) for e in result.errors] == [(2, "region_code", "朝阳区")]
    assert "ambiguous" in result.errors[0].expected
    strict = validate(DATA / "names", strict=True)
    assert [(e.row, e.column, e.found) for e in strict.errors] == [
        (2, "region_code", "朝阳区"),
        (6, "industry_code", "无此行业"),
    ]
    wipe(db)
    summary = load(db, DATA / "names", skip_invalid=True)
    # the flag is the load's to say (a gap in the bundled table), never a finding against the enterprise
    assert [w for w in summary.warnings if "GB/T 4754" in w] == [
        "enterprises.csv: 1 row(s) with an industry the bundled GB/T 4754 table does not resolve (kept as given; a "
        "gap in the table, not the enterprise's fault)"
    ]
    checks.check(db, ["data_quality"], as_of=dt.date(2025, 3, 1))
    findings = db.driver.execute_query("MATCH (f:Finding) RETURN f.key AS k").records
    assert [r["k"] for r in findings if ":industry:" in r["k"]] == []
    rows = db.driver.execute_query(
        "MATCH (e:Enterprise)-[:LOCATED_IN]->(r:Region) OPTIONAL MATCH (e)-[:IN_INDUSTRY]->(i:Industry) "
        "RETURN e.uscc AS uscc, r.code AS region, r.status AS status, i.code AS industry, e.industry_name AS given, "
        "e.industry_problem IS NOT NULL AS flagged ORDER BY uscc"
    ).records
    assert [tuple(r.values()) for r in rows] == [
        ("91220104MA1K2B7G33", "220104", "current", "2211", None, False),
        ("91310104MA1K2B3C51", "310104", "current", "4411", None, False),
        ("91320583MA1K2B6F9P", "320583", "current", "22", None, False),
        ("91320583MA1K2B8H82", "320583", "current", None, "无此行业", True),
        ("91330103MA1K2B5E45", "330103", "retired", "4411", None, False),
    ]
