"""What a mapping can say about a field: the first of several columns that is not empty (`coalesce`), values that
mean "not given" for that field only (`empty`), and a field that applies only when another column says so (`when`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graph.db import Database
from graph.model import Outlet
from loaders.convert import Context
from loaders.load import load
from loaders.mapping import MappingError, load_mapping
from loaders.read import read_rows
from tests.conftest import q

U = "91130207123456788D"
OUTLETS = """统一社会信用代码,国家编码,地方编码,自编号,名称,介质,类型,排放去向,执行标准
{u},DA001,FQ001,1#,锅炉烟囱,废气,主要排放口,其他,GB 13223-2011
{u},,WS001,2#,化水排口,废水,一般排放口,市政污水管网,GB 8978-1996
{u},/,,3#,雨水排口,废水,一般排放口,不详,GB 8978-1996
"""
MAPPING = """
[[files]]
entity = "outlets"
path = "outlets.csv"
[files.columns]
enterprise_uscc = "统一社会信用代码"
code = { coalesce = ["国家编码", "地方编码", "自编号"] }
name = "名称"
medium = { column = "介质", map = { "废气" = "air", "废水" = "water" } }
kind = { column = "类型", map = { "主要排放口" = "main", "一般排放口" = "general" } }
destination = { column = "排放去向", empty = ["其他", "不详"] }
standard = { column = "执行标准", when = { column = "介质", is = ["废水"] } }
"""


OUTLET_ENTRY = """
[[files]]
entity = "outlets"
path = "排放口.csv"
[files.columns]
enterprise_uscc = "统一社会信用代码"
code = "编号"
name = "名称"
medium = { column = "介质", map = { "废水" = "water", "废气" = "air" } }
kind = { const = "general" }
"""


def _rows(tmp_path: Path, mapping: str = MAPPING) -> list[Any]:
    (tmp_path / "outlets.csv").write_text(OUTLETS.format(u=U), encoding="utf-8")
    (tmp_path / "mapping.toml").write_text(mapping, encoding="utf-8")
    loaded = load_mapping(tmp_path / "mapping.toml")
    return [row for _, row in read_rows(loaded.files[0], Context(loaded, False))]


def test_coalesce_empty_and_when_say_what_each_field_takes(tmp_path: Path) -> None:
    rows = _rows(tmp_path)
    assert all(isinstance(r, Outlet) for r in rows), rows
    assert [(r.code, r.destination, r.standard) for r in rows] == [
        ("DA001", "", ""),  # 其他 is no destination; the standard applies to water only
        ("WS001", "市政污水管网", "GB 8978-1996"),  # no national code: the local one
        ("3#", "", "GB 8978-1996"),  # a placeholder (/) and an empty cell: the enterprise's own label
    ]


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ('code = { coalesce = "国家编码" }', "take a list of column names"),
        ('code = { column = "国家编码", coalesce = ["地方编码"] }', "give one of column, columns"),
        ('code = { column = "国家编码", when = { column = "介质" } }', "when takes"),
        ('code = { column = "国家编码", empty = 3 }', "empty takes a value or a list"),
    ],
)
def test_a_field_saying_it_wrongly_is_explained(tmp_path: Path, field: str, message: str) -> None:
    broken = MAPPING.replace('code = { coalesce = ["国家编码", "地方编码", "自编号"] }', field)
    with pytest.raises(MappingError, match=message):
        _rows(tmp_path, broken)


def test_a_when_column_the_file_lacks_is_a_located_error(tmp_path: Path) -> None:
    rows = _rows(tmp_path, MAPPING.replace('when = { column = "介质"', 'when = { column = "排放介质"'))
    assert rows and all(isinstance(r, list) for r in rows)
    assert "排放介质" in str(rows[0][0])


def test_an_outlet_row_with_only_its_local_code_is_the_outlet_keyed_by_the_national_one(tmp_path: Path) -> None:
    """A second sheet naming an outlet by its regional code (WS001) states the outlet keyed DW001 that carries it,
    not a second outlet (which would have no limit, and be found for it)."""
    head = "统一社会信用代码,国家编码,地方编码,名称,介质,类型,排放去向\n"
    (tmp_path / "outlets.csv").write_text(
        head + f"{U},DW001,WS001,化水排口,废水,一般排放口,\n{U},,WS002,雨水排口,废水,一般排放口,\n", encoding="utf-8"
    )
    (tmp_path / "去向.csv").write_text(
        head + f"{U},,WS001,化水排口,废水,一般排放口,市政污水管网\n{U},,WS009,无名排口,废水,一般排放口,河道\n",
        encoding="utf-8",
    )
    entry = """
[[files]]
entity = "outlets"
path = "{path}"
[files.columns]
enterprise_uscc = "统一社会信用代码"
code = "国家编码"
local_code = "地方编码"
name = "名称"
medium = {{ column = "介质", map = {{ "废水" = "water" }} }}
kind = {{ column = "类型", map = {{ "一般排放口" = "general" }} }}
destination = "排放去向"
"""
    (tmp_path / "mapping.toml").write_text(
        entry.format(path="outlets.csv") + entry.format(path="去向.csv"), encoding="utf-8"
    )
    loaded = load_mapping(tmp_path / "mapping.toml")
    ctx = Context(loaded, False)
    first = [row for _, row in read_rows(loaded.files[0], ctx) if isinstance(row, Outlet)]
    restated = [row for _, row in read_rows(loaded.files[1], ctx) if isinstance(row, Outlet)]
    assert [(r.code, r.local_code) for r in first] == [("DW001", "WS001"), ("WS002", "WS002")]
    assert [(r.code, r.local_code, r.destination) for r in restated] == [
        ("DW001", "WS001", "市政污水管网"),  # the outlet keyed DW001 that carries WS001
        ("WS009", "WS009", "河道"),  # an outlet no row names otherwise: keyed by its local code
    ]


def _read(tmp_path: Path, files: dict[str, str], mapping: str) -> list[list[Any]]:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "mapping.toml").write_text(mapping, encoding="utf-8")
    loaded = load_mapping(tmp_path / "mapping.toml")
    ctx = Context(loaded, False)
    return [[row for _, row in read_rows(rule, ctx)] for rule in loaded.files]


def test_a_lookup_on_a_key_of_two_columns(tmp_path: Path) -> None:
    """An authority found by (project number, year): the number alone repeats from year to year."""
    files = {
        "项目.csv": "编号,年份,审批部门\nP-01,2019,唐山市生态环境局\nP-01,2021,河北省生态环境厅\n",
        "批复.csv": f"统一社会信用代码,文号,项目编号,年份,日期,项目\n{U},唐环评〔2021〕7号,P-01,2021,2021-03-02,扩建\n"
        f"{U},唐环评〔2019〕3号,P-01,2019,2019-05-06,新建\n{U},唐环评〔2020〕1号,P-01,2020,2020-01-02,改建\n",
    }
    mapping = """
[[files]]
entity = "eia_approvals"
path = "批复.csv"
[files.columns]
enterprise_uscc = "统一社会信用代码"
doc_number = "文号"
approved_on = "日期"
project = "项目"
[files.columns.authority]
columns = ["项目编号", "年份"]
lookup = { path = "项目.csv", key = ["编号", "年份"], value = "审批部门" }
"""
    (rows,) = _read(tmp_path, files, mapping)
    assert [r.authority for r in rows[:2]] == ["河北省生态环境厅", "唐山市生态环境局"]
    assert "a 编号 + 年份 listed in 项目.csv" in str(rows[2][0])  # no 2020 row: located, not a wrong authority
    with pytest.raises(MappingError, match="takes as many columns"):
        _read(tmp_path, files, mapping.replace('columns = ["项目编号", "年份"]', 'column = "项目编号"'))


ENTERPRISE = "统一社会信用代码,单位名称,区县,管理类别\n{u},某公司,和平区,重点管理\n"
ENTERPRISES_ENTRY = """
[[files]]
entity = "enterprises"
path = "企业.csv"
{extra}
[files.columns]
uscc = "统一社会信用代码"
name = "单位名称"
region_code = "区县"
management_class = {{ column = "管理类别", map = {{ "重点管理" = "key" }} }}
"""


@pytest.mark.parametrize(
    ("context", "entry", "expected"),
    [
        ('[context]\nregion = "天津市"\n', "", "120101"),  # the mapping's context: Tianjin's 和平区
        ("", 'region = "沈阳市"', "210102"),  # an entry's own
        ('[context]\nregion = "天津市"\n', 'region = "210000"', "210102"),  # the entry's wins; a code will do
    ],
)
def test_a_region_context_says_which_district_a_name_means(
    tmp_path: Path, context: str, entry: str, expected: str
) -> None:
    mapping = context + ENTERPRISES_ENTRY.format(extra=entry)
    (rows,) = _read(tmp_path, {"企业.csv": ENTERPRISE.format(u=U)}, mapping)
    assert [r.region_code for r in rows] == [expected]


def test_without_a_context_an_ambiguous_district_is_a_located_error(tmp_path: Path) -> None:
    (rows,) = _read(tmp_path, {"企业.csv": ENTERPRISE.format(u=U)}, ENTERPRISES_ENTRY.format(extra=""))
    assert "the name is ambiguous" in str(rows[0][0]) and "120101" in str(rows[0][0])
    with pytest.raises(MappingError, match="region '火星市'"):
        _read(tmp_path, {}, '[context]\nregion = "火星市"\n' + ENTERPRISES_ENTRY.format(extra=""))


LIMITS = """许可证编号,排放口,污染物,浓度限值
{u}001P,1#,镍,0.5
{u}001P,2#,镍,4.3
{u}001P,2#,烟尘,20
{u}001P,2#,颗粒物,30
"""


def test_a_name_two_media_share_means_what_its_outlet_is(tmp_path: Path) -> None:
    """镍 in water is 总镍 w20121, in air 镍及其化合物 a20063: the outlet rows of the load say which each is (1# is
    a water outlet, 2# a stack), the mapping may name each medium's code, and 颗粒物 kept apart from 烟尘 where the
    source's plan lists both."""
    outlets = f"统一社会信用代码,编号,名称,介质\n{U},1#,车间排口,废水\n{U},2#,烟囱,废气\n"
    mapping = (
        """
[pollutants]
"颗粒物" = "xa003"
"""
        + OUTLET_ENTRY
        + """
[[files]]
entity = "permit_limits"
path = "限值.csv"
[files.columns]
permit_number = "许可证编号"
outlet_code = "排放口"
pollutant_code = "污染物"
concentration_max = "浓度限值"
"""
    )
    files = {"排放口.csv": outlets, "限值.csv": LIMITS.format(u=U)}
    _, limits = _read(tmp_path, files, mapping)
    assert [(r.outlet_code, r.pollutant_code) for r in limits] == [
        ("1#", "w20121"),
        ("2#", "a20063"),
        ("2#", "a34013"),  # 烟尘
        ("2#", "xa003"),  # 颗粒物, its own item
    ]
    # without its outlets, a name two media share needs the entry's medium, or the mapping's own codes
    alone = mapping.split("[[files]]")
    only_limits = alone[0] + "[[files]]" + alone[2]
    (rows,) = _read(tmp_path, files, only_limits)
    assert isinstance(rows[0], list) and "names pollutants of several media" in str(rows[0][0])
    (rows,) = _read(tmp_path, files, only_limits.replace('path = "限值.csv"', 'path = "限值.csv"\nmedium = "air"'))
    assert [r.pollutant_code for r in rows[:2]] == ["a20063", "a20063"]
    own = only_limits.replace('"颗粒物" = "xa003"', '"颗粒物" = "xa003"\n"镍" = { water = "w20121", air = "xa011" }')
    (rows,) = _read(tmp_path, files, own.replace('path = "限值.csv"', 'path = "限值.csv"\nmedium = "air"'))
    assert [r.pollutant_code for r in rows[:2]] == ["xa011", "xa011"]


PERMITS = f"""许可证编号,统一社会信用代码,管理类别,发证机关,发证日期,有效期起,有效期止,状态
{U}001P,{U},重点管理,唐山市生态环境局,2023-06-20,2023-07-01,2028-06-30,有效
91130207MA0CXW9K20001P,91130207MA0CXW9K20,重点管理,唐山市生态环境局,2023-06-20,2023-07-01,2028-06-30,有效
91130207MA0CXW9K20002P,91130207MA0CXW9K20,重点管理,唐山市生态环境局,2023-06-20,2023-07-01,2028-06-30,有效
"""
AMOUNTS = f"""统一社会信用代码,排放口编号,污染物,许可排放量
{U},DA001,二氧化硫,120.5
91130207MA0CXW9K20,DA001,二氧化硫,80
91310104MA1K3T1A08,DA001,二氧化硫,80
"""
PERMIT_ENTRY = """
[[files]]
entity = "permits"
path = "许可证.csv"
[files.columns]
number = "许可证编号"
enterprise_uscc = "统一社会信用代码"
management_class = { column = "管理类别", map = { "重点管理" = "key" } }
authority = "发证机关"
issued_on = "发证日期"
valid_from = "有效期起"
valid_to = "有效期止"
status = { column = "状态", map = { "有效" = "valid" } }
"""
AMOUNT_ENTRY = """
[[files]]
entity = "permit_limits"
path = "许可量.csv"
[files.columns]
permit_number = { column = "统一社会信用代码", via = "permits", by = "holder" }
outlet_code = "排放口编号"
pollutant_code = "污染物"
annual_amount_t = "许可排放量"
"""


def test_outlet_amounts_without_a_permit_number_belong_to_the_holders_one_permit(tmp_path: Path) -> None:
    _, amounts = _read(tmp_path, {"许可证.csv": PERMITS, "许可量.csv": AMOUNTS}, PERMIT_ENTRY + AMOUNT_ENTRY)
    assert (amounts[0].permit_number, amounts[0].annual_amount_t) == (f"{U}001P", 120.5)
    assert "this one holds several: give the permit number" in str(amounts[1][0])
    assert "the USCC of a permit holder" in str(amounts[2][0])
    with pytest.raises(MappingError, match='goes with via = "permits"'):
        _read(tmp_path, {}, AMOUNT_ENTRY.replace('via = "permits"', 'via = "enterprises"'))


def test_the_holders_permit_may_be_in_the_graph(empty_db: Database, tmp_path: Path) -> None:
    """The amounts sheet arrives after the permits were loaded: the graph says which permit the holder holds."""
    enterprises = f"统一社会信用代码,名称,区划,类别\n{U},唐山热电,130207,重点管理\n"
    outlets = f"统一社会信用代码,编号,名称,介质,类型\n{U},DA001,烟囱,废气,主要排放口\n"
    first = (
        ENTERPRISES_ENTRY.format(extra="")
        .replace("企业.csv", "企业2.csv")
        .replace('"单位名称"', '"名称"')
        .replace('"区县"', '"区划"')
        .replace('"管理类别"', '"类别"')
        + OUTLET_ENTRY
        + PERMIT_ENTRY
    )
    files = {
        "企业2.csv": enterprises,
        "排放口.csv": outlets,
        "许可证.csv": PERMITS.splitlines()[0] + "\n" + PERMITS.splitlines()[1] + "\n",
        "许可量.csv": AMOUNTS.splitlines()[0] + "\n" + AMOUNTS.splitlines()[1],
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "first.toml").write_text(first, encoding="utf-8")
    load(empty_db, load_mapping(tmp_path / "first.toml"))
    (tmp_path / "later.toml").write_text(AMOUNT_ENTRY, encoding="utf-8")
    summary = load(empty_db, load_mapping(tmp_path / "later.toml"))
    assert [(f.rows_written, f.rejected) for f in summary.files] == [(1, 0)]
    limits = q(
        empty_db,
        "MATCH (p:Permit)-[:SETS_LIMIT]->(l:PermitLimit)-[:FOR_OUTLET]->(o:Outlet) "
        "RETURN p.number AS p, o.code AS o, l.annual_amount_t AS t",
    )
    assert limits == [{"p": f"{U}001P", "o": "DA001", "t": 120.5}]
