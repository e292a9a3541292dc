"""Real-world files on a real Neo4j: an export with Chinese headers through a mapping, encodings, strict mode,
skip-invalid with rejects, references, provenance and change history."""

import csv
from pathlib import Path
from typing import Any

import pytest

from graph.db import Database
from loaders import validate as validate_module
from loaders.load import LoadRejected, load, validate
from loaders.mapping import MappingError, load_mapping
from loaders.sources import SourceError, detect_encoding, read_csv
from tests.conftest import DATA, q

pytestmark = pytest.mark.slow  # a server, a browser, a restart or a generated graph: `pytest -m "not slow"` skips it

A, B, C = "91130207123456788D", "913101177654321208", "91320505555555536Y"
EXPORT = DATA / "export" / "mapping.toml"


def test_an_export_with_chinese_headers_loads_through_its_mapping(empty_db: Database) -> None:
    summary = load(empty_db, load_mapping(EXPORT))
    assert summary.total("rejected") == 0 and summary.total("unresolved") == 0
    enterprises = q(
        empty_db,
        """MATCH (e:Enterprise) OPTIONAL MATCH (e)-[:SUBSIDIARY_OF]->(p)
        RETURN e.uscc AS uscc, e.name AS name, e.address AS address, e.industry_code AS industry,
               e.management_class AS class, e.longitude AS lon, p.uscc AS parent, e.uscc_problem AS problem
        ORDER BY uscc""",
    )
    assert enterprises == [
        {
            "uscc": A,
            "name": "唐山丰南热电有限公司",
            "address": "河北省唐山市丰南区工业园区1号",
            "industry": "4411",
            "class": "key",
            "lon": 118.08,
            "parent": None,
            "problem": None,
        },
        {
            "uscc": B,
            "name": "上海松江污水处理有限公司",
            "address": "上海市松江区车墩镇2号",
            "industry": "4620",
            "class": "key",
            "lon": 121.22,
            "parent": A,
            "problem": None,
        },
        {
            "uscc": C,
            "name": "苏州虎丘3M环保科技有限公司",
            "address": "江苏省苏州市虎丘区浒关3号",
            "industry": "7724",
            "class": "simplified",
            "lon": None,
            "parent": None,
            "problem": "check digit is Y, expected X",
        },
    ]
    outlets = q(
        empty_db,
        "MATCH (e)-[:HAS_OUTLET]->(o:Outlet) RETURN o.key AS key, o.local_code AS local, "
        "o.kind AS kind, o.medium AS medium, o.auto_monitored AS auto ORDER BY key",
    )
    assert outlets == [
        {"key": f"{A}:DA001", "local": "FQ001", "kind": "main", "medium": "air", "auto": True},
        {"key": f"{A}:DW001", "local": "WS001", "kind": "general", "medium": "water", "auto": False},
        {"key": f"{B}:DW001", "local": None, "kind": "main", "medium": "water", "auto": True},
    ]
    limits = q(
        empty_db,
        "MATCH (l:PermitLimit) RETURN l.pollutant_code AS p, l.concentration_max AS c, l.unit AS u, "
        "l.annual_amount_t AS t ORDER BY p",
    )
    assert limits == [
        {"p": "a21002", "c": 50.0, "u": "mg/m3", "t": 140.0},
        {"p": "a21026", "c": 35.0, "u": "mg/m3", "t": 100.0},  # 35000 μg/m3 and 100000 kg, converted
        {"p": "a34013", "c": 10.0, "u": "mg/m3", "t": 20.0},
        {"p": "w01001", "c": 9.0, "u": "无量纲", "t": None},
        {"p": "w01018", "c": 50.0, "u": "mg/L", "t": 330.0},
    ]
    permit = q(
        empty_db,
        "MATCH (p:Permit {number: $n}) RETURN toString(p.valid_from) AS f, toString(p.valid_to) AS t, "
        "toString(p.issued_on) AS i, p.status AS s",
        n=f"{B}001V",
    )
    assert permit == [{"f": "2020-07-27", "t": "2023-07-26", "i": "2020-07-20", "s": "expired"}]
    so2 = q(
        empty_db,
        "MATCH (m:MonitoringMonth {key: $k}) RETURN m.values[3..6] AS v",
        k=f"{A}:DA001:a21026:2024-03:auto:daily:mg/m3",
    )
    assert so2 == [{"v": [21.5, 40.6, 19.8]}]  # 19800 μg/m3 → 19.8 mg/m3
    exceedances = q(
        empty_db, "MATCH (x:Exceedance) RETURN x.outlet_key AS o, x.pollutant AS p, x.value AS v ORDER BY o"
    )
    # B's pH 9.4 (limit 9) of 2024-02-10 came after its permit expired on 2023-07-26: no limit was in force
    assert exceedances == [{"o": f"{A}:DA001", "p": "a21026", "v": 40.6}]
    manual = q(empty_db, "MATCH (m:MonitoringMonth) WHERE m.method = 'manual' RETURN m.pollutant AS p")
    assert manual == [{"p": "w01018"}]


def test_strict_mode_rejects_what_is_otherwise_flagged(empty_db: Database) -> None:
    with pytest.raises(LoadRejected) as caught:
        load(empty_db, load_mapping(EXPORT), strict=True)
    [error] = caught.value.errors
    assert (error.file, error.sheet, error.row, error.column) == ("企业信息.xlsx", "企业", 3, "统一社会信用代码")
    assert "check digit is Y, expected X" in error.expected and error.found == C
    assert q(empty_db, "MATCH (n:Enterprise) RETURN count(n) AS n") == [{"n": 0}]


def test_encodings_are_detected_and_a_wrong_override_is_explained() -> None:
    gbk = DATA / "export" / "排放口.csv"
    assert detect_encoding(gbk) == "gb18030"
    assert detect_encoding(DATA / "export" / "许可证.csv") == "utf-8-sig"
    assert detect_encoding(DATA / "small" / "outlets.csv") == "utf-8"
    assert next(read_csv(gbk)).cells["排放口名称"] == "1#锅炉烟囱"
    with pytest.raises(SourceError, match="not valid utf-8"):
        list(read_csv(gbk, encoding="utf-8"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[files]]\nentity = "outlet"\npath = "x.csv"', "entity must be one of"),
        ('[[files]]\nentity = "outlets"\npath = "x.csv"\n[files.columns]\ncode = "c"', "does not map required fields"),
        (
            '[[files]]\nentity = "permits"\npath = "x.csv"\n[files.columns]\nnumber = "n"\ncolour = "c"',
            "unknown fields",
        ),
        (
            '[[files]]\nentity = "outlets"\npath = "x.csv"\n[files.columns]\nenterprise_uscc = { column = "k", via = '
            '"enterprises" }\ncode = "c"\nname = "n"\nmedium = "m"\nkind = "k"',
            "no enterprises file declares a key",
        ),
        ("files = [", r"m\.toml: Invalid value"),
    ],
)
def test_mapping_mistakes_are_explained(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "m.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MappingError, match=message):
        load_mapping(path)


def test_skip_invalid_loads_the_rest_and_writes_the_rejects(empty_db: Database, tmp_path: Path) -> None:
    rejects = tmp_path / "rejects.csv"
    summary = load(empty_db, DATA / "bad", skip_invalid=True, rejects=rejects)
    assert summary.total("rejected") == 3 and summary.total("rows_written") == 4  # 3 enterprises + DA001
    with rejects.open(encoding="utf-8-sig") as fh:
        rows = [(r["file"], r["row"], r["column"]) for r in csv.DictReader(fh)]
    assert rows == [("outlets.csv", "2", "code"), ("outlets.csv", "3", "medium"), ("permits.csv", "1", "(row)")]
    assert q(empty_db, "MATCH (o:Outlet) RETURN o.code AS c") == [{"c": "DA001"}]


def test_references_must_exist_in_the_files_or_the_graph(empty_db: Database, tmp_path: Path) -> None:
    orphan = tmp_path / "orphan"
    orphan.mkdir()
    (orphan / "outlets.csv").write_text((DATA / "small" / "outlets.csv").read_text(encoding="utf-8"), encoding="utf-8")
    result = validate(orphan, db=empty_db)
    assert result.invalid == 3
    expected = "an existing Enterprise (in these files or the graph)"
    assert [(e.file, e.row, e.column, e.expected, e.found) for e in result.all_errors()] == [
        ("outlets.csv", 1, "enterprise_uscc", expected, A),  # every row pointing at a missing node, located
        ("outlets.csv", 2, "enterprise_uscc", expected, A),
        ("outlets.csv", 3, "enterprise_uscc", expected, B),
    ]
    load(empty_db, DATA / "small")  # now the enterprises are in the graph
    assert validate(orphan, db=empty_db).invalid == 0


def test_rows_pointing_at_missing_nodes_are_left_out_without_reading_a_file_again(
    empty_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "partial"
    folder.mkdir()
    small = {
        name: (DATA / "small" / name).read_text(encoding="utf-8").splitlines()
        for name in ("enterprises.csv", "outlets.csv", "monitoring.csv")
    }
    (folder / "enterprises.csv").write_text("\n".join(small["enterprises.csv"][:2]) + "\n", encoding="utf-8")  # A only
    (folder / "outlets.csv").write_text("\n".join(small["outlets.csv"]) + "\n", encoding="utf-8")  # B's: B missing
    monitoring = [
        line.replace(",DW001,", ",DW009,") if line.startswith(B) else line for line in small["monitoring.csv"]
    ]
    (folder / "monitoring.csv").write_text("\n".join(monitoring) + "\n", encoding="utf-8")  # B:DW009 nowhere
    reads: list[str] = []
    for name in ("read_rows", "read_measurements"):
        original = getattr(validate_module, name)

        def counting(rule: Any, *args: Any, _original: Any = original, **kwargs: Any) -> Any:
            reads.append(rule.path.name)
            return _original(rule, *args, **kwargs)

        monkeypatch.setattr(validate_module, name, counting)
    summary = load(empty_db, folder, skip_invalid=True, rejects=tmp_path / "rejects.csv")
    assert sorted(reads) == ["enterprises.csv", "monitoring.csv", "outlets.csv"]  # each file read once
    with (tmp_path / "rejects.csv").open(encoding="utf-8-sig") as fh:
        rejected = [(r["file"], r["row"], r["column"], r["found"]) for r in csv.DictReader(fh)]
    assert sorted(rejected) == [  # every rejected row, located: the monitoring rows of a bucket left out too
        ("monitoring.csv", "6", "outlet_code", f"{B}:DW009"),
        ("monitoring.csv", "7", "outlet_code", f"{B}:DW009"),
        ("monitoring.csv", "8", "outlet_code", f"{B}:DW009"),
        ("outlets.csv", "3", "enterprise_uscc", B),
    ]
    counts = {f.file: (f.rows_read, f.rejected, f.rows_written) for f in summary.files}
    assert counts == {"enterprises.csv": (1, 0, 1), "outlets.csv": (3, 1, 2), "monitoring.csv": (8, 3, 5)}
    assert q(empty_db, "MATCH (o:Outlet) RETURN o.key AS k ORDER BY k") == [{"k": f"{A}:DA001"}, {"k": f"{A}:DW001"}]
    months = q(empty_db, "MATCH (o:Outlet)-[:HAS_SERIES]->(m:MonitoringMonth) RETURN o.key AS o, count(m) AS n")
    assert months == [{"o": f"{A}:DA001", "n": 3}]  # a21026 in March and April, a21002 in March
    assert q(empty_db, "MATCH (m:MonitoringMonth) RETURN count(m) AS n") == [{"n": 3}]
    check = validate(folder, db=empty_db)  # validating alone (no spool) counts the same rows
    assert (check.invalid, [f.rejected for f in check.files]) == (4, [0, 1, 3])


def test_every_element_records_where_it_came_from_and_changes_keep_history(empty_db: Database, tmp_path: Path) -> None:
    first = load(empty_db, DATA / "small")
    row = q(
        empty_db,
        "MATCH (e:Enterprise {uscc: $u})-[r:LOCATED_IN]->() RETURN e._src AS src, e._load AS load, r._src AS rsrc",
        u=B,
    )
    assert row == [{"src": "enterprises.csv:2", "load": first.load_id, "rsrc": "enterprises.csv:2"}]
    runs = q(empty_db, "MATCH (r:LoadRun {id: $id}) RETURN r.status AS s, r.rows AS n", id=first.load_id)
    assert runs == [{"s": "complete", "n": first.total("rows_written")}]
    newer = tmp_path / "newer"
    newer.mkdir()
    text = (DATA / "small" / "enterprises.csv").read_text(encoding="utf-8")
    (newer / "enterprises.csv").write_text(text.replace("松江区车墩镇2号", "松江区车墩镇88号"), encoding="utf-8")
    second = load(empty_db, newer)
    history = q(
        empty_db,
        "MATCH (e:Enterprise {uscc: $u})-[:CHANGED]->(c:Change) RETURN c.fields AS f, c.old AS old, "
        "c.load AS load, c.previous_src AS src, e.address AS now",
        u=B,
    )
    assert history == [
        {
            "f": ["address"],
            "old": ["松江区车墩镇2号"],
            "load": second.load_id,
            "src": "enterprises.csv:2",
            "now": "松江区车墩镇88号",
        }
    ]
    assert q(empty_db, "MATCH (c:Change) RETURN count(c) AS n") == [{"n": 1}]  # unchanged nodes record nothing


def test_the_shipped_generator_mapping_is_the_default_layout(tmp_path: Path) -> None:
    from loaders.mapping import default_mapping

    shipped = (Path(__file__).parent.parent / "loaders" / "mappings" / "generator.toml").read_text(encoding="utf-8")
    (tmp_path / "generator.toml").write_text(shipped, encoding="utf-8")
    from loaders.layout import LAYOUT

    for spec in LAYOUT:  # every file of the layout: small's own, header-only for those it has not
        small = DATA / "small" / spec.name
        data = small.read_bytes() if small.exists() else (",".join(spec.columns) + "\n").encode()
        (tmp_path / spec.name).write_bytes(data)
    mapping, default = load_mapping(tmp_path / "generator.toml"), default_mapping(tmp_path)
    assert [(r.spec.name, r.path.name, r.fields) for r in mapping.files] == [
        (r.spec.name, r.path.name, r.fields) for r in default.files
    ]


def test_parallel_validation_matches_the_sequential_one(
    empty_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import loaders.validate as loader
    from graph.stats import label_counts
    from sample.generate import Params, generate
    from tests.conftest import wipe

    generate(Params(enterprises=30, seed=9, days=120, problem_rate=0.2), tmp_path)
    monitoring = tmp_path / "monitoring.csv"
    lines = monitoring.read_text(encoding="utf-8").splitlines(keepends=True)
    bad_row = len(lines) - 5  # a data row in the last part: its number must survive the split
    lines[bad_row] = lines[bad_row].replace(",daily,auto", ",daily,automatic-ish")
    monitoring.write_text("".join(lines), encoding="utf-8")

    results = {}
    for mode, threshold in (("sequential", 1 << 60), ("parallel", 0)):
        monkeypatch.setattr(loader, "PARALLEL_MIN_BYTES", threshold)
        check = validate(tmp_path)
        results[mode] = (check.rows, check.invalid, [(e.file, e.row, e.column, e.found) for e in check.errors])
    assert results["parallel"] == results["sequential"]
    assert results["parallel"][2] == [("monitoring.csv", bad_row, "method", "automatic-ish")]

    lines[bad_row] = lines[bad_row].replace("automatic-ish", "auto")
    monitoring.write_text("".join(lines), encoding="utf-8")
    counts = {}
    for mode, threshold in (("sequential", 1 << 60), ("parallel", 0)):
        monkeypatch.setattr(loader, "PARALLEL_MIN_BYTES", threshold)
        wipe(empty_db)
        summary = load(empty_db, tmp_path)
        counts[mode] = (label_counts(empty_db), summary.total("rows_written"))
    assert counts["parallel"] == counts["sequential"]


def test_quota_files_are_validated_with_located_errors(tmp_path: Path) -> None:
    folder = tmp_path / "quotas"
    folder.mkdir()
    (folder / "enterprises.csv").write_bytes((DATA / "small" / "enterprises.csv").read_bytes())
    (folder / "quotas.csv").write_text(
        "id,year,pollutant_code,amount_t,region_code,enterprise_uscc,authority,document\n"
        f"Q1,2024,a21026,100,,{A},,\n"  # fine
        "Q2,2024,二氧化硫,100,130200,,,\n"  # a pollutant name is translated to its code: fine
        f"Q3,2024,a21026,100,130200,{A},,\n"  # both holders
        "Q4,2024,a21026,-5,130200,,,\n"  # negative amount
        "Q5,2024,a21026,100,999999,,,\n",  # no such region
        encoding="utf-8",
    )
    (folder / "quota_trades.csv").write_text(
        "id,seller_uscc,buyer_uscc,year,pollutant_code,amount_t,date,price_yuan\n"
        f"T1,{A},{A},2024,a21026,10,2024-03-01,\n"  # to itself
        f"T2,{A},91110000000000000X,2024,a21026,10,2024-03-01,\n",  # a buyer in neither the files nor the graph
        encoding="utf-8",
    )
    result = validate(folder)
    located = sorted((e.file, e.row, e.column) for e in result.errors)
    assert located == [
        ("quota_trades.csv", 1, "(row)"),
        ("quota_trades.csv", 2, "buyer_uscc"),
        ("quotas.csv", 3, "(row)"),
        ("quotas.csv", 4, "amount_t"),
        ("quotas.csv", 5, "region_code"),
    ]
    messages = {(e.file, e.row): e.expected for e in result.errors}
    assert "exactly one of region_code and enterprise_uscc" in messages[("quotas.csv", 3)]
    assert "seller and buyer are both" in messages[("quota_trades.csv", 1)]


def test_pollutant_names_are_resolved_by_medium_and_a_mapping_may_declare_its_own(
    empty_db: Database, tmp_path: Path
) -> None:
    """氟化物 at a water outlet is w21017, at an air outlet a21018; at an outlet whose code and unit say neither,
    the row is rejected naming both; a pollutant a mapping declares "local" loads under its stable code, named."""
    from loaders.normalise import local_pollutant_code

    load(empty_db, DATA / "small")
    a = "91130207123456788D"
    columns = "enterprise_uscc,outlet_code,pollutant_code,date,value,unit,basis,method"
    rows = [
        f"{a},DW001,氟化物,2024-03-04,1.2,mg/L,daily,manual",
        f"{a},DA001,氟化物,2024-03-04,0.8,mg/m3,daily,manual",
        f"{a},DA001,甲基丙烯酸甲酯,2024-03-04,3.5,mg/m3,daily,manual",
    ]
    (tmp_path / "extra.csv").write_text("\n".join([columns, *rows]) + "\n", encoding="utf-8")
    fields = "\n".join(f'{c} = "{c}"' for c in columns.split(","))
    mapping_file = tmp_path / "mapping.toml"
    mapping_file.write_text(
        '[pollutants]\n"甲基丙烯酸甲酯" = "local"\n\n[[files]]\nentity = "monitoring"\npath = "extra.csv"\n'
        f"[files.columns]\n{fields}\n",
        encoding="utf-8",
    )
    load(empty_db, load_mapping(mapping_file))
    local = local_pollutant_code("甲基丙烯酸甲酯")
    found = q(
        empty_db,
        "MATCH (o:Outlet)-[:HAS_SERIES]->(m:MonitoringMonth) WHERE m.pollutant IN ['w21017', 'a21018', $local] "
        "MATCH (p:Pollutant {code: m.pollutant}) RETURN o.code AS o, m.pollutant AS c, p.name AS name, "
        "p.local AS local, p.listed AS listed ORDER BY c",
        local=local,
    )
    assert found == [
        {"o": "DA001", "c": "a21018", "name": "氟化物", "local": False, "listed": None},
        {"o": "DW001", "c": "w21017", "name": "氟化物", "local": False, "listed": None},
        {"o": "DA001", "c": local, "name": "甲基丙烯酸甲酯", "local": True, "listed": None},
    ]
    with (tmp_path / "extra.csv").open("a", encoding="utf-8") as f:
        f.write(f"{a},FQ001,氟化物,2024-03-05,1.0,倍,daily,manual\n")  # a local outlet code, a unit of no medium
    check = validate(load_mapping(mapping_file), db=empty_db)
    assert [(e.row, e.column, e.found) for e in check.errors] == [(4, "pollutant_code", "氟化物")]
    assert "air a21018, water w21017" in check.errors[0].expected


def test_every_row_that_stated_a_node_is_kept_in_its_sources(empty_db: Database, tmp_path: Path) -> None:
    from schema.nodes import Enterprise

    load(empty_db, DATA / "small")
    second = load(empty_db, DATA / "small").load_id  # the same rows again: nothing new, the load that read them
    again = tmp_path / "again"
    again.mkdir()
    lines = (DATA / "small" / "enterprises.csv").read_text(encoding="utf-8").splitlines()
    (again / "enterprises.csv").write_text("\n".join([lines[0], *reversed(lines[1:])]) + "\n", encoding="utf-8")
    third = load(empty_db, again).load_id  # the same enterprises restated by other rows
    rows = q(empty_db, "MATCH (e:Enterprise) RETURN e {.*} AS e ORDER BY e.uscc")
    sources = {r["e"]["uscc"]: Enterprise.from_node(r["e"]).sources for r in rows}
    assert sources[A] == [f"enterprises.csv:1 @{second}", f"enterprises.csv:3 @{third}"]
    assert sources[B] == [f"enterprises.csv:2 @{third}"]  # the middle row stays the middle row
    last = Enterprise.from_node(rows[0]["e"])
    assert last.sources and f"{last.source} @{third}" == last.sources[-1]  # `source`: the last row
