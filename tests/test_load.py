"""Loading into a real Neo4j: exact graph shape, idempotency, atomic rejection, exceedances vs the manifest."""

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from graph.db import Database
from graph.stats import label_counts
from loaders.load import LoadRejected, load, pack_bucket, validate
from loaders.mapping import load_mapping
from sample.generate import Params, generate
from tests.conftest import DATA

A, B, C = "91130207123456788D", "913101177654321208", "91320505555555536X"


def _counts(db: Database) -> dict[str, int]:
    labels = {r["label"]: r["count"] for r in db.read("count_labels")}
    rels = {r["type"]: r["count"] for r in db.read("count_relationships")}
    return labels | rels


def _one(db: Database, cypher: str, **params: object) -> list[dict[str, object]]:
    return [r.data() for r in db.driver.execute_query(cypher, params, database_=db.database).records]


def _enterprises_rule(path: str) -> str:
    """A mapping's [[files]] entry for an enterprises file with the columns uscc, name, region, industry, class."""
    return f"""
[[files]]
entity = "enterprises"
path = "{path}"
[files.columns]
uscc = "uscc"
name = "name"
region_code = "region"
industry_code = "industry"
management_class = "class"
"""


def test_small_graph_has_exactly_the_expected_shape(empty_db: Database) -> None:
    summary = load(empty_db, DATA / "small")
    assert summary.total("unresolved") == 0
    c = _counts(empty_db)
    assert {
        k: c[k]
        for k in (
            "Enterprise",
            "ProductionFacility",
            "TreatmentFacility",
            "Outlet",
            "Permit",
            "PermitLimit",
            "MonitoringMonth",
            "Exceedance",
            "Violation",
            "Penalty",
        )
    } == {
        "Enterprise": 3,
        "ProductionFacility": 4,
        "TreatmentFacility": 2,
        "Outlet": 3,
        "Permit": 2,
        "PermitLimit": 7,
        "MonitoringMonth": 5,
        "Exceedance": 1,  # B's pH 9.4 of 2024-02-10 came after its permit expired: no limit was in force
        "Violation": 1,
        "Penalty": 1,
    }
    assert {k: c[k] for k in ("FEEDS", "DISCHARGES_TO", "SUBSIDIARY_OF", "APPROVES", "COVERS")} == {
        "FEEDS": 3,
        "DISCHARGES_TO": 3,
        "SUBSIDIARY_OF": 1,
        "APPROVES": 3,
        "COVERS": 2,
    }
    chain = _one(
        empty_db,
        """
        MATCH (a:EIAApproval)-[:APPROVES]->(f:ProductionFacility)-[:FEEDS]->(t:TreatmentFacility)
              -[:DISCHARGES_TO]->(o:Outlet {key: $key})<-[:COVERS]-(p:Permit)-[:INCORPORATES]->(a)
        RETURN f.code AS facility, t.code AS treatment, a.doc_number AS doc, p.number AS permit ORDER BY facility""",
        key=f"{A}:DA001",
    )
    assert chain == [
        {"facility": "MF0001", "treatment": "TA001", "doc": "冀环审〔2016〕88号", "permit": f"{A}001P"},
        {"facility": "MF0002", "treatment": "TA001", "doc": "冀环审〔2016〕88号", "permit": f"{A}001P"},
    ]
    untreated = _one(
        empty_db, "MATCH (f:ProductionFacility)-[:DISCHARGES_TO]->(o:Outlet) RETURN f.key AS f, o.key AS o"
    )
    assert untreated == [{"f": f"{A}:MF0003", "o": f"{A}:DW001"}]
    region = _one(
        empty_db,
        "MATCH (:Enterprise {uscc: $u})-[:LOCATED_IN]->(:Region)-[:PART_OF*]->(p:Region) "
        "RETURN p.code AS code ORDER BY code",
        u=B,
    )
    assert region == [{"code": "310000"}, {"code": "310100"}]


def test_exceedances_are_derived_against_the_outlets_limits(empty_db: Database) -> None:
    load(empty_db, DATA / "small")
    rows = _one(
        empty_db,
        """MATCH (x:Exceedance)-[:AT_OUTLET]->(o:Outlet)
        RETURN o.key AS outlet, x.pollutant AS pollutant, toString(x.date) AS date, x.value AS value,
               x.limit AS limit, round(x.ratio, 4) AS ratio ORDER BY outlet""",
    )
    assert rows == [
        {
            "outlet": f"{A}:DA001",
            "pollutant": "a21026",
            "date": "2024-03-05",
            "value": 40.6,
            "limit": 35.0,
            "ratio": round((40.6 - 35) / 35, 4),
        },
    ]  # B's pH 9.4 of 2024-02-10 is above its limit 9, but its permit expired on 2023-07-26: no limit in force
    bucket = _one(
        empty_db,
        "MATCH (m:MonitoringMonth {key: $k}) RETURN m.count AS n, m.max AS max, m.min AS min",
        k=f"{A}:DA001:a21026:2024-03:auto:daily:mg/m3",
    )
    assert bucket == [{"n": 3, "max": 40.6, "min": 19.8}]


@pytest.mark.slow
def test_loading_twice_changes_nothing(empty_db: Database) -> None:
    load(empty_db, DATA / "small")
    before = _counts(empty_db)
    again = load(empty_db, DATA / "small")
    assert _counts(empty_db) == before
    assert again.total("nodes_created") == 0 and again.total("relationships_created") == 0


@pytest.mark.slow
def test_a_changed_source_updates_values_and_links(empty_db: Database, tmp_path: Path) -> None:
    load(empty_db, DATA / "small")
    moved = tmp_path / "moved"
    moved.mkdir()
    text = (DATA / "small" / "enterprises.csv").read_text(encoding="utf-8")
    (moved / "enterprises.csv").write_text(text.replace("310117,4620", "320505,4620"), encoding="utf-8")
    load(empty_db, moved)
    rows = _one(empty_db, "MATCH (:Enterprise {uscc: $u})-[:LOCATED_IN]->(r:Region) RETURN r.code AS code", u=B)
    assert rows == [{"code": "320505"}]


def test_invalid_files_are_rejected_with_located_errors_and_nothing_written(empty_db: Database) -> None:
    with pytest.raises(LoadRejected) as caught:
        load(empty_db, DATA / "bad")
    found = {(e.file, e.row, e.column) for e in caught.value.errors}
    assert found == {("outlets.csv", 2, "code"), ("outlets.csv", 3, "medium"), ("permits.csv", 1, "(row)")}
    by_column = {e.column: e for e in caught.value.errors}
    assert by_column["code"].found == "(empty)" and by_column["code"].expected == "a value (the field is required)"
    assert by_column["medium"].found == "smoke" and "'air', 'water' or 'noise'" in by_column["medium"].expected
    assert "valid_to 2021-06-30 is before valid_from 2023-07-01" in by_column["(row)"].expected
    assert sum(_counts(empty_db).get(k, 0) for k in ("Enterprise", "Outlet", "Permit")) == 0


@pytest.mark.slow
def test_exceedances_in_the_graph_match_the_generator_manifest(empty_db: Database, tmp_path: Path) -> None:
    manifest = generate(Params(enterprises=60, seed=11, days=90, problem_rate=0.2), tmp_path)
    summary = load(empty_db, tmp_path)
    assert summary.total("unresolved") == 0
    expected = {
        (p["enterprise_uscc"] + ":" + p["outlet_code"], p["pollutant_code"], p["date"])
        for p in manifest.problems["concentration_exceedance"]
    }
    found = {
        (r["o"], r["p"], r["d"])
        for r in _one(
            empty_db, "MATCH (x:Exceedance) RETURN x.outlet_key AS o, x.pollutant AS p, toString(x.date) AS d"
        )
    }
    assert expected and found == expected
    bad = {p["enterprise_uscc"] for p in manifest.problems["bad_check_digit"]}
    flagged = {
        r["u"] for r in _one(empty_db, "MATCH (e:Enterprise) WHERE e.uscc_problem IS NOT NULL RETURN e.uscc AS u")
    }
    assert flagged == bad
    counts = _counts(empty_db)
    assert counts["Enterprise"] == 60 and counts["Permit"] == 60
    assert json.loads((tmp_path / "manifest.json").read_text())["counts"]["enterprises.csv"] == 60


@pytest.mark.slow
def test_summary_counts_each_row_once(empty_db: Database) -> None:
    summary = load(empty_db, DATA / "small")
    files = {f.file: f for f in summary.files}
    assert files["enterprises.csv"].rows_read == files["enterprises.csv"].rows_written == 3
    assert files["monitoring.csv"].rows_read == files["monitoring.csv"].rows_written == 8
    assert summary.total("rows_read") == summary.total("rows_written")


@pytest.mark.slow
def test_limits_loaded_after_the_monitoring_still_yield_exceedances(empty_db: Database, tmp_path: Path) -> None:
    first, later = tmp_path / "first", tmp_path / "later"
    first.mkdir()
    later.mkdir()
    for f in (DATA / "small").iterdir():
        (later if f.name == "permit_limits.csv" else first).joinpath(f.name).write_bytes(f.read_bytes())
    load(empty_db, first)
    assert _counts(empty_db).get("Exceedance", 0) == 0  # no limits yet: nothing to exceed
    load(empty_db, later)
    rows = _one(empty_db, "MATCH (x:Exceedance) RETURN x.outlet_key AS o, x.value AS v ORDER BY o")
    assert rows == [{"o": f"{A}:DA001", "v": 40.6}]
    tighter = tmp_path / "tighter"
    tighter.mkdir()
    text = (DATA / "small" / "permit_limits.csv").read_text(encoding="utf-8")
    (tighter / "permit_limits.csv").write_text(text.replace("DA001,a21026,35,", "DA001,a21026,20,"), encoding="utf-8")
    load(empty_db, tighter)  # a stricter SO2 limit: 21.5 and 40.6 now exceed it, 19.8 and 18 do not
    so2 = _one(empty_db, "MATCH (x:Exceedance {pollutant: 'a21026'}) RETURN x.value AS v, x.limit AS l ORDER BY v")
    assert so2 == [{"v": 21.5, "l": 20.0}, {"v": 40.6, "l": 20.0}]


def _bucket(key: str, values: list[float]) -> dict[str, object]:
    """A monitoring bucket as the loader builds it (pollutant a34013, daily, automatic), before pack_bucket."""
    outlet = key.rsplit(":", 3)[0]
    return {
        "key": key,
        "outlet": outlet,
        "pollutant": "a34013",
        "month": None,
        "method": "auto",
        "basis": "daily",
        "unit": "mg/m3",
        "src": "t",
        "values": values,
    }


@pytest.mark.slow
def test_concurrent_merges_of_one_bucket_lose_no_value(empty_db: Database) -> None:
    import math
    from concurrent.futures import ThreadPoolExecutor

    load(empty_db, DATA / "small")
    outlet = f"{A}:DA001"

    def half(start: int, month: str) -> dict[str, object]:
        return _bucket(
            f"{outlet}:a34013:{month}:auto", [float(d + 1) if d % 2 == start else math.nan for d in range(31)]
        )

    def write(buckets: list[dict[str, object]]) -> object:
        return empty_db.write(
            "merge_monitoring_months", rows=[pack_bucket(b) for b in buckets], load="t", replace=False
        )

    months = [f"2030-{m:02d}" for m in range(1, 13)]
    tasks = [(start, month) for month in months for start in (0, 1)]  # both halves of a bucket side by side
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda t: write([half(*t)]), tasks))
    rows = _one(
        empty_db,
        "MATCH (m:MonitoringMonth) WHERE m.key STARTS WITH $p RETURN m.count AS n, m.sum AS s",
        p=f"{outlet}:a34013:2030-",
    )
    assert rows == [{"n": 31, "s": float(sum(range(1, 32)))}] * 12


@pytest.mark.slow
def test_bucket_values_reach_the_graph_bit_for_bit(empty_db: Database) -> None:
    """Buckets travel as text (pack_bucket): every double, infinity and empty slot must come back unchanged."""
    import math

    load(empty_db, DATA / "small")
    outlet = f"{A}:DA001"
    tricky = [0.1 + 0.2, 1e-7, 5e-324, 1.7976931348623157e308, -0.0, 123456.789, math.inf, -math.inf, 2.5]
    values = tricky + [math.nan] * (31 - len(tricky))
    bucket = _bucket(f"{outlet}:a34013:2031-01:auto", values)
    empty_db.write("merge_monitoring_months", rows=[pack_bucket(bucket)], load="t", replace=False)
    (row,) = _one(empty_db, "MATCH (m:MonitoringMonth {key: $k}) RETURN m.values AS v, m.count AS n", k=bucket["key"])
    assert row["n"] == len(tricky)
    stored = row["v"]
    assert isinstance(stored, list)
    assert [repr(v) for v in stored] == [repr(v) for v in values]  # repr: NaN == NaN, -0.0 != 0.0


def test_a_load_completes_only_interrupted_loads_of_its_own_source(empty_db: Database, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    empty_db.write("start_load_run", id="interrupted-other", source=str(other.resolve()), files=[])
    empty_db.write("start_load_run", id="interrupted-small", source=str((DATA / "small").resolve()), files=[])
    summary = load(empty_db, DATA / "small")
    assert summary.resumed == ["interrupted-small"]
    status = {
        r["id"]: r["status"]
        for r in empty_db.driver.execute_query("MATCH (r:LoadRun) RETURN r.id AS id, r.status AS status").records
    }
    assert status["interrupted-other"] == "running" and status["interrupted-small"] != "running"


def test_columns_come_from_the_header_not_the_first_record(empty_db: Database, tmp_path: Path) -> None:
    """A CSV row that stops short (trailing empty cells left out) and a JSON line without an optional key are
    records with those cells empty — not a file without those columns."""
    small = tmp_path / "small"
    shutil.copytree(DATA / "small", small)
    enterprises = small / "enterprises.csv"
    lines = enterprises.read_text(encoding="utf-8").splitlines()
    assert lines[1].endswith(",")  # its parent_uscc is empty
    enterprises.write_text("\n".join([lines[0], lines[1].rstrip(","), *lines[2:]]) + "\n", encoding="utf-8")
    assert validate(small).invalid == 0
    export = tmp_path / "export"
    shutil.copytree(DATA / "export", export)
    jsonl = export / "监测数据.jsonl"
    rows = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows[0].pop("监测方式")  # an optional key (method defaults to auto) missing from the first object only
    jsonl.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    check = validate(load_mapping(export / "mapping.toml"))
    assert check.invalid == 0, check.errors
    load(empty_db, small)
    assert label_counts(empty_db)["Enterprise"] == 3


@pytest.mark.slow
def test_a_changed_limit_keeps_its_provenance_and_history(empty_db: Database, tmp_path: Path) -> None:
    load(empty_db, DATA / "small")
    (limit,) = _one(
        empty_db, "MATCH (l:PermitLimit) WHERE l.concentration_max = 10.0 RETURN l.key AS key, l._src AS src"
    )
    assert limit["src"] == "permit_limits.csv:1"
    stricter = tmp_path / "stricter"
    shutil.copytree(DATA / "small", stricter)
    limits = stricter / "permit_limits.csv"
    limits.write_text(
        limits.read_text(encoding="utf-8").replace("DA001,a34013,10,", "DA001,a34013,5,"), encoding="utf-8"
    )
    load(empty_db, stricter)
    rows = _one(
        empty_db,
        "MATCH (l:PermitLimit {key: $k})-[:CHANGED]->(c:Change) RETURN l.concentration_max AS now, c.fields AS fields,"
        " c.old AS old, c.previous_src AS previous",
        k=limit["key"],
    )
    assert rows == [{"now": 5.0, "fields": ["concentration_max"], "old": ["10.0"], "previous": "permit_limits.csv:1"}]


@pytest.mark.slow
def test_older_permit_numbers_and_real_date_and_amount_forms_load_flagged(empty_db: Database, tmp_path: Path) -> None:
    """A local or older permit number (12 characters from a region letter) is kept as given and flagged, not
    rejected; a date given as a Unix timestamp in milliseconds and an amount with its mass unit typed in load."""
    folder = tmp_path / "data"
    shutil.copytree(DATA / "small", folder)
    with (folder / "permits.csv").open("a", encoding="utf-8") as fh:
        fh.write(f"J130207000012,{C},simplified,苏州市生态环境局,1595779200000,2020-07-27,2023-07-26,expired\n")
    with (folder / "eia_amounts.csv").open(encoding="utf-8") as fh:
        header, first, *rest = fh.read().splitlines()
    doc, pollutant, _ = first.split(",")
    (folder / "eia_amounts.csv").write_text(
        "\n".join([header, f"{doc},{pollutant},1.2万吨", *rest]) + "\n", encoding="utf-8"
    )
    load(empty_db, folder)
    (permit,) = _one(empty_db, "MATCH (p:Permit {number: 'J130207000012'}) RETURN p {.*} AS p")
    assert permit["p"]["issued_on"].to_native() == dt.date(2020, 7, 27)  # type: ignore[index]
    assert "22 characters" in permit["p"]["number_problem"]  # type: ignore[index]
    (amount,) = _one(
        empty_db,
        "MATCH (:EIAApproval {doc_number: $d})-[a:APPROVES_AMOUNT]->(:Pollutant {code: $p}) RETURN a.amount_t AS t",
        d=doc,
        p=pollutant,
    )
    assert amount["t"] == 12_000.0


def test_a_row_rejected_for_one_entity_still_loads_as_the_other(empty_db: Database, tmp_path: Path) -> None:
    """One sheet holds enterprises and their outlets. A row whose outlet is invalid still loads its enterprise,
    also when a missing reference elsewhere makes the load read the files again; rejections count per entity."""
    e1, e2 = "91310104MA1K2C1A97", "91310104MA1K2C2B3B"
    (tmp_path / "sites.csv").write_text(
        "uscc,name,region,industry,class,outlet,outlet_name,medium,kind\n"
        f"{e1},上海一厂,310104,4411,key,DA001,1#烟囱,air,main\n"
        f"{e2},上海二厂,310104,4411,key,DA001,2#烟囱,smoke,main\n",
        encoding="utf-8",
    )
    (tmp_path / "permits.csv").write_text(
        "number,enterprise_uscc,management_class,authority,issued_on,valid_from,valid_to,status\n"
        f"{e1}001P,{e1},key,上海市生态环境局,2023-06-20,2023-07-01,2028-06-30,valid\n"
        "91310104MA1K2C3C00001P,91310104MA1K2C3C00,key,上海市生态环境局,2023-06-20,2023-07-01,2028-06-30,valid\n",
        encoding="utf-8",
    )
    (tmp_path / "mapping.toml").write_text(
        _enterprises_rule("sites.csv")
        + """
[[files]]
entity = "outlets"
path = "sites.csv"
[files.columns]
enterprise_uscc = "uscc"
code = "outlet"
name = "outlet_name"
medium = "medium"
kind = "kind"

[[files]]
entity = "permits"
path = "permits.csv"
[files.columns]
number = "number"
enterprise_uscc = "enterprise_uscc"
management_class = "management_class"
authority = "authority"
issued_on = "issued_on"
valid_from = "valid_from"
valid_to = "valid_to"
status = "status"
""",
        encoding="utf-8",
    )
    summary = load(empty_db, load_mapping(tmp_path / "mapping.toml"), skip_invalid=True)
    assert [(f.file, f.rejected) for f in summary.files] == [
        ("sites.csv (enterprises)", 0),
        ("sites.csv (outlets)", 1),
        ("permits.csv", 1),
    ]
    usccs = _one(empty_db, "MATCH (e:Enterprise) RETURN e.uscc AS u ORDER BY u")
    assert [r["u"] for r in usccs] == [e1, e2]
    outlets = _one(empty_db, "MATCH (o:Outlet) RETURN o.key AS k")
    assert [r["k"] for r in outlets] == [f"{e1}:DA001"]


def test_a_mixed_sheet_is_filtered_and_value_maps_match_cells_as_they_read(empty_db: Database, tmp_path: Path) -> None:
    """`where` keeps the rows of one kind (EIA approvals among completion acceptances); a map key written as the
    cell reads (full-width brackets, a stray space) matches the cell."""
    e1 = "91310104MA1K2C1A97"
    (tmp_path / "enterprises.csv").write_text(
        f"uscc,name,region,industry,class\n{e1},上海一厂,310104,4411,重点管理（许可）\n", encoding="utf-8"
    )
    (tmp_path / "approvals.csv").write_text(
        "文号,单位,机关,日期,项目,记录类型\n"
        f"沪环审〔2019〕1号,{e1},上海市生态环境局,2019-03-01,锅炉项目,环评批复\n"
        f"沪环验〔2020〕2号,{e1},上海市生态环境局,2020-05-01,锅炉项目,竣工环保验收\n"
        f"沪环审〔2021〕3号,{e1},上海市生态环境局,2021-06-01,脱硝改造,环评 审批\n",
        encoding="utf-8",
    )
    (tmp_path / "mapping.toml").write_text(
        """
[[files]]
entity = "enterprises"
path = "enterprises.csv"
[files.columns]
uscc = "uscc"
name = "name"
region_code = "region"
industry_code = "industry"
management_class = { column = "class", map = { "重点管理（许可） " = "key" } }

[[files]]
entity = "eia_approvals"
path = "approvals.csv"
where = { "记录类型" = ["环评批复", "环评 审批"] }
[files.columns]
doc_number = "文号"
enterprise_uscc = "单位"
authority = "机关"
approved_on = "日期"
project = "项目"
""",
        encoding="utf-8",
    )
    summary = load(empty_db, load_mapping(tmp_path / "mapping.toml"))
    assert [(f.rows_read, f.rejected) for f in summary.files] == [(1, 0), (2, 0)]
    rows = _one(
        empty_db,
        "MATCH (e:Enterprise)-[:OBTAINED]->(a:EIAApproval) "
        "RETURN e.management_class AS c, a.doc_number AS d ORDER BY d",
    )
    assert [(r["c"], r["d"]) for r in rows] == [("key", "沪环审〔2019〕1号"), ("key", "沪环审〔2021〕3号")]


def test_joins_by_name_lookups_and_assumed_defaults(empty_db: Database, tmp_path: Path) -> None:
    """A permits file without USCCs joins its enterprise by name (folded as cells are); its authority comes from
    another file by a project key; an empty status takes the mapping's default and the node says it is assumed.
    A name two enterprises share, or one no enterprise has, is a located error."""
    e1, e2, e3 = "91310104MA1K2C1A97", "91310104MA1K2C2B3B", "91110105MA1K2B4DX3"
    (tmp_path / "enterprises.csv").write_text(
        "uscc,name,region,industry,class\n"
        f"{e1},上海（一）厂,310104,4411,key\n{e2},同名厂,310104,4411,key\n{e3},同名厂,110105,4411,key\n",
        encoding="utf-8",
    )
    (tmp_path / "projects.csv").write_text("编号,审批部门\nP1,上海市生态环境局\n", encoding="utf-8")
    (tmp_path / "permits.csv").write_text(
        "许可证编号,单位名称,项目编号,状态\n"
        f"{e1}001P,上海(一) 厂,P1,\n"
        f"{e1}002P,上海（一）厂,P1,expired\n"
        f"{e2}001P,同名厂,P1,valid\n"
        f"{e3}001P,无此厂,P1,valid\n"
        f"{e1}003P,上海（一）厂,P9,valid\n",
        encoding="utf-8",
    )
    (tmp_path / "mapping.toml").write_text(
        _enterprises_rule("enterprises.csv")
        + """
[[files]]
entity = "permits"
path = "permits.csv"
[files.columns]
number = "许可证编号"
enterprise_uscc = { column = "单位名称", via = "enterprises", by = "name" }
management_class = { const = "key" }
authority = { column = "项目编号", lookup = { path = "projects.csv", key = "编号", value = "审批部门" } }
issued_on = { const = "2023-06-20" }
valid_from = { const = "2023-07-01" }
valid_to = { const = "2028-06-30" }
status = { column = "状态", default = "valid" }
""",
        encoding="utf-8",
    )
    mapping = load_mapping(tmp_path / "mapping.toml")
    result = validate(mapping)
    assert [(e.row, e.column, e.expected) for e in result.errors] == [
        (3, "单位名称", "a name only one row of the enterprises file has (several have this one: give the code)"),
        (4, "单位名称", "a name found in the enterprises file"),
        (5, "项目编号", "a 编号 listed in projects.csv"),
    ]
    load(empty_db, mapping, skip_invalid=True)
    rows = _one(
        empty_db,
        "MATCH (e:Enterprise)-[:HOLDS]->(p:Permit) "
        "RETURN p.number AS n, e.uscc AS u, p.authority AS a, p.status AS s, p.assumed AS assumed ORDER BY n",
    )
    assert [tuple(r.values()) for r in rows] == [
        (f"{e1}001P", e1, "上海市生态环境局", "valid", ["status"]),
        (f"{e1}002P", e1, "上海市生态环境局", "expired", None),
    ]
