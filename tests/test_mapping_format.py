"""What a mapping can say about a field: the first of several columns that is not empty (`coalesce`), values that
mean "not given" for that field only (`empty`), and a field that applies only when another column says so (`when`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graph.model import Outlet
from loaders.convert import Context
from loaders.mapping import MappingError, load_mapping
from loaders.read import read_rows

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
