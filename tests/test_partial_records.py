"""Records several sheets state: merged by key, a field another row stated is never erased, a sheet may add fields to
records others state (`adds`), and a conflict is settled by the mapping's `prefer` or refused with both values."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graph.db import Database
from loaders.load import LoadRejected, load
from loaders.mapping import MappingError, load_mapping
from tests.conftest import q

U = "91130207123456788D"
ENTERPRISES = f"统一社会信用代码,单位名称,行政区划,管理类别\n{U},唐山热电有限公司,130207,重点管理\n"
OUTLETS = f"""统一社会信用代码,国家编码,地方编码,名称,介质,类型,执行标准,排放去向
{U},DW001,WS001,化水排口,废水,一般排放口,GB 8978-1996,
{U},DA001,,锅炉烟囱,废气,主要排放口,GB 13223-2011,
"""
# the permit tab restates the outlets in its own words: DA001's destination, which the outlet sheet leaves empty,
# and a name of its own for it
PERMIT_TAB = f"""统一社会信用代码,排放口编号,排放口名称,介质,类型,排放去向
{U},DA001,1#锅炉烟囱,废气,主要排放口,大气
"""
# a destination sheet: names outlets by whichever code it has, adds where they discharge to
DESTINATIONS = f"""统一社会信用代码,国家编码,地方编码,排放去向
{U},,WS001,市政污水管网
{U},DW009,,河道
"""
ENTRY = """
[[files]]
entity = "{entity}"
path = "{path}"
{extra}
[files.columns]
"""
COLUMNS = {
    "enterprises": 'uscc = "统一社会信用代码"\nname = "单位名称"\nregion_code = "行政区划"\n'
    'management_class = { column = "管理类别", map = { "重点管理" = "key" } }\n',
    "outlets": 'enterprise_uscc = "统一社会信用代码"\ncode = "国家编码"\nlocal_code = "地方编码"\nname = "名称"\n'
    'medium = { column = "介质", map = { "废水" = "water", "废气" = "air" } }\n'
    'kind = { column = "类型", map = { "一般排放口" = "general", "主要排放口" = "main" } }\n'
    'standard = "执行标准"\ndestination = "排放去向"\n',
    "permit_tab": 'enterprise_uscc = "统一社会信用代码"\ncode = "排放口编号"\nname = "排放口名称"\n'
    'medium = { column = "介质", map = { "废气" = "air" } }\n'
    'kind = { column = "类型", map = { "主要排放口" = "main" } }\ndestination = "排放去向"\n',
    "destinations": 'enterprise_uscc = "统一社会信用代码"\ncode = { coalesce = ["国家编码", "地方编码"] }\n'
    'destination = "排放去向"\n',
}


def _export(tmp_path: Path, prefer: str = "", adds_first: bool = False) -> Path:
    files = {"企业.csv": ENTERPRISES, "排放口.csv": OUTLETS, "许可证.csv": PERMIT_TAB, "去向.csv": DESTINATIONS}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    entries = [
        ("enterprises", "企业.csv", "", "enterprises"),
        ("outlets", "去向.csv", "adds = true", "destinations"),
        ("outlets", "排放口.csv", "", "outlets"),
        ("outlets", "许可证.csv", prefer, "permit_tab"),
    ]
    if not adds_first:  # the entry adding fields may stand anywhere in the mapping: it is read after the others
        entries.append(entries.pop(1))
    text = "".join(ENTRY.format(entity=e, path=p, extra=x) + COLUMNS[c] for e, p, x, c in entries)
    (tmp_path / "mapping.toml").write_text(text, encoding="utf-8")
    return tmp_path / "mapping.toml"


def _outlets(db: Database) -> dict[str, dict[str, Any]]:
    rows = q(db, "MATCH (:Enterprise {uscc: $u})-[:HAS_OUTLET]->(o:Outlet) RETURN o {.*} AS o ORDER BY o.code", u=U)
    return {r["o"]["code"]: r["o"] for r in rows}


@pytest.mark.parametrize("adds_first", [False, True])
def test_sheets_stating_one_record_merge_and_a_preferred_value_stays(
    empty_db: Database, tmp_path: Path, adds_first: bool
) -> None:
    summary = load(empty_db, load_mapping(_export(tmp_path, 'prefer = "other"', adds_first)), skip_invalid=True)
    outlets = _outlets(empty_db)
    assert sorted(outlets) == ["DA001", "DW001"]  # no outlet made of WS001 or of DW009
    da, dw = outlets["DA001"], outlets["DW001"]
    # the outlet sheet's name stays (the permit tab prefers the other's); its destination, which the outlet
    # sheet leaves empty, is the permit tab's; the destination sheet's WS001 is DW001
    assert (da["name"], da["destination"], da["standard"]) == ("锅炉烟囱", "大气", "GB 13223-2011")
    assert (dw["name"], dw["destination"], dw["local_code"]) == ("化水排口", "市政污水管网", "WS001")
    # every row that stated each outlet, with what a partial one added
    loaded = summary.load_id
    assert dw["_sources"] == [f"排放口.csv:1 @{loaded}", f"去向.csv:1 (destination, local_code) @{loaded}"]
    assert da["_sources"] == [f"排放口.csv:2 @{loaded}", f"许可证.csv:1 @{loaded}"]
    # the conflict, settled, is reported with both values and both rows
    settled = [w for w in summary.warnings if "otherwise than" in w]
    assert settled == [
        "许可证.csv: 1 row(s) state 排放口名称 otherwise than 排放口.csv; kept the other file's value (prefer), "
        "e.g. row 1: kept '锅炉烟囱' over '1#锅炉烟囱' (排放口.csv row 2)"
    ]
    # the destination row naming an outlet nobody states is refused, located
    by_file = {f.file: (f.rows_read, f.rows_written, f.rejected) for f in summary.files}
    assert by_file["去向.csv"] == (2, 1, 1)
    assert by_file["许可证.csv"] == (1, 1, 0)


def test_a_conflict_no_prefer_settles_is_refused_with_both_values(empty_db: Database, tmp_path: Path) -> None:
    with pytest.raises(LoadRejected) as caught:
        load(empty_db, load_mapping(_export(tmp_path)))
    assert [str(e) for e in caught.value.errors] == [
        "许可证.csv, row 1, column '排放口名称': expected the value 排放口.csv row 2 gives the same record "
        "('锅炉烟囱'), or a `prefer` on one of the two entries; found '1#锅炉烟囱'",
        "去向.csv, row 2, column '国家编码 or 地方编码': expected an existing Outlet (in these files or the graph); "
        "found '91130207123456788D:DW009'",
    ]
    assert _outlets(empty_db) == {}  # nothing written


def test_a_later_load_of_a_sheet_erases_none_of_what_another_added(empty_db: Database, tmp_path: Path) -> None:
    load(empty_db, load_mapping(_export(tmp_path, 'prefer = "other"')), skip_invalid=True)
    # the outlet sheet alone, again, under a mapping that reads no destination: it says nothing about one
    (tmp_path / "only.toml").write_text(
        ENTRY.format(entity="outlets", path="排放口.csv", extra="")
        + COLUMNS["outlets"].replace('destination = "排放去向"\n', ""),
        encoding="utf-8",
    )
    load(empty_db, load_mapping(tmp_path / "only.toml"))
    outlets = _outlets(empty_db)
    assert outlets["DW001"]["destination"] == "市政污水管网"
    assert outlets["DA001"]["destination"] == "大气"


def test_an_entry_adding_fields_must_name_its_records(tmp_path: Path) -> None:
    _export(tmp_path)
    text = (tmp_path / "mapping.toml").read_text(encoding="utf-8")
    (tmp_path / "mapping.toml").write_text(
        text.replace('code = { coalesce = ["国家编码", "地方编码"] }\n', ""), encoding="utf-8"
    )
    with pytest.raises(MappingError, match=r"\[outlets\] does not map required fields code"):
        load_mapping(tmp_path / "mapping.toml")
    limits = ENTRY.format(entity="permit_limits", path="l.csv", extra="adds = true") + 'permit_number = "x"\n'
    (tmp_path / "limits.toml").write_text(limits, encoding="utf-8")
    with pytest.raises(MappingError, match="composite key"):
        load_mapping(tmp_path / "limits.toml")


def test_a_later_file_naming_an_outlet_by_its_local_code_finds_it_in_the_graph(
    empty_db: Database, tmp_path: Path
) -> None:
    """The destination sheet arrives a month after the outlets: its WS001 is the outlet the graph keys DW001."""
    _export(tmp_path, 'prefer = "other"')
    (tmp_path / "first.toml").write_text(
        "".join(
            ENTRY.format(entity=e, path=p, extra="") + COLUMNS[e]
            for e, p in (("enterprises", "企业.csv"), ("outlets", "排放口.csv"))
        ),
        encoding="utf-8",
    )
    load(empty_db, load_mapping(tmp_path / "first.toml"))
    (tmp_path / "later.toml").write_text(
        ENTRY.format(entity="outlets", path="去向.csv", extra="adds = true") + COLUMNS["destinations"],
        encoding="utf-8",
    )
    summary = load(empty_db, load_mapping(tmp_path / "later.toml"), skip_invalid=True)
    assert [(f.rows_read, f.rows_written, f.rejected) for f in summary.files] == [(2, 1, 1)]  # DW009: nobody's
    outlets = _outlets(empty_db)
    assert sorted(outlets) == ["DA001", "DW001"]
    assert (outlets["DW001"]["destination"], outlets["DW001"]["name"]) == ("市政污水管网", "化水排口")


def test_a_conflict_of_two_names_one_code_folds_says_so(empty_db: Database, tmp_path: Path) -> None:
    """A plan listing 烟尘 and 颗粒物 for one stack with limits of their own: one HJ 212 code, so a conflict; the
    error says how the rows named the pollutant and what the mapping can do (test_mapping_format: it then keeps
    them apart)."""
    (tmp_path / "enterprises.csv").write_text(
        f"uscc,name,region_code,management_class\n{U},唐山热电,130207,key\n", encoding="utf-8"
    )
    (tmp_path / "outlets.csv").write_text(
        f"enterprise_uscc,code,name,medium,kind\n{U},DA001,烟囱,air,main\n", encoding="utf-8"
    )
    (tmp_path / "permits.csv").write_text(
        "number,enterprise_uscc,management_class,authority,issued_on,valid_from,valid_to,status\n"
        f"{U}001P,{U},key,唐山市生态环境局,2023-06-20,2023-07-01,2028-06-30,valid\n",
        encoding="utf-8",
    )
    (tmp_path / "permit_limits.csv").write_text(
        "permit_number,outlet_code,pollutant_code,concentration_max,unit\n"
        f"{U}001P,DA001,烟尘,20,mg/m3\n{U}001P,DA001,颗粒物,10,mg/m3\n",
        encoding="utf-8",
    )
    with pytest.raises(LoadRejected) as caught:
        load(empty_db, tmp_path)
    assert [str(e) for e in caught.value.errors] == [
        "permit_limits.csv, row 2, column 'concentration_max': expected the same value as permit_limits.csv row 1, "
        "which states the same record (20.0) — the rows name its pollutant '颗粒物' and '烟尘', which fold into one "
        'code; if the source means two items, give one a code of its own in [pollutants] (e.g. "颗粒物" = "local"); '
        "found '10.0'"
    ]
