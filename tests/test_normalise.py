"""Each normalisation on the ugly values real exports contain (DOMAIN.md §7)."""

import datetime as dt
import re

import pytest

from graph import codes
from loaders import normalise as n
from loaders.tables import table


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("３Ｍ中国", "3M中国"),
        ("（有限公司）", "(有限公司)"),
        ("1次／季", "1次/季"),
        ("\xa0 唐山\u3000热电 \t", "唐山 热电"),
    ],
)
def test_clean_text_folds_width_and_spaces(raw: str, clean: str) -> None:
    assert n.clean_text(raw) == clean


@pytest.mark.parametrize("raw", ["null", "NULL", "-", "/", "无", " ", "\xa0", "—", "N/A"])
def test_placeholders_are_empty(raw: str) -> None:
    assert n.empty_to_none(raw) is None


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("烟尘", "a34013"),
        ("颗粒物", "a34013"),
        ("颗粒物（含粉尘）", "a34013"),
        ("VOCs", "xa004"),  # not NMHC: a standard may set both (a local code, outside HJ 212)
        ("挥发性有机物（以非甲烷总烃计）", "a24088"),
        ("悬浮物（SS）", "w01012"),
        ("BOD₅", "w01017"),
        ("臭气浓度", "xa001"),
        ("林格曼黑度", "a01010"),
        ("石油类", "w22001"),
        ("总铬", "w20116"),
        ("SO2折算", "a21026z"),
        ("厂界噪声", "Leq"),
        ("LEQ", "Leq"),
        ("xa002", "xa002"),
        ("非甲烷总烃", "a24088"),
        ("碳氢化合物（含非甲烷总烃）", "a24088"),
        ("ＳＯ２", "a21026"),
        ("COD", "w01018"),
        ("氨氮（NH3-N）", "w21003"),
        ("a21026", "a21026"),
        ("W01018", "w01018"),
        ("a21026z", "a21026z"),
    ],
)
def test_pollutant_names_map_to_hj212_codes(raw: str, code: str) -> None:
    assert n.pollutant_code(raw) == code


def test_unknown_pollutants_are_reported_unless_the_user_extends_the_dictionary() -> None:
    with pytest.raises(ValueError, match="known pollutant name"):
        n.pollutant_code("甲基丙烯酸甲酯")
    assert n.pollutant_code("甲基丙烯酸甲酯", {"甲基丙烯酸甲酯": "a99999"}) == "a99999"
    local = n.pollutant_code("甲基丙烯酸甲酯", {"甲基丙烯酸甲酯": "local"})
    assert local == n.local_pollutant_code("甲 基丙烯酸甲酯") and re.fullmatch(r"x[0-9a-f]{6}", local)


def test_a_name_two_media_share_is_resolved_by_the_medium_or_reported() -> None:
    with pytest.raises(n.AmbiguousPollutant, match="air a21018, water w21017"):
        n.pollutant_code("氟化物")
    assert n.pollutant_code("氟化物", medium="water") == "w21017"
    assert n.pollutant_code("氟化物", medium="air") == "a21018"
    assert [n.medium_of("DA001", None), n.medium_of("DW001", "mg/m3"), n.medium_of("1#", "毫克/升")] == [
        "air",
        "water",
        "water",
    ]
    assert n.medium_of("1#", "倍") is None and n.medium_of(None, "furlong") is None


def test_the_bundled_dictionary_holds_hj212_with_its_sources() -> None:
    rows = table("pollutants")
    by_code = {r["code"]: r for r in rows}
    assert len(by_code) == len(rows)  # no code twice
    assert all(codes.POLLUTANT_RE.match(c) for c in by_code)
    hj = [r for r in rows if r["sources"] != "local"]
    assert all(codes.HJ212_RE.match(r["code"]) or r["code"] in codes.NOISE_CODES for r in hj)
    assert {r["sources"] for r in rows} == {"A B", "B", "A", "local"}
    assert (by_code["w01012"]["name"], by_code["w01010"]["name"], by_code["w01009"]["name"]) == (
        "悬浮物",
        "水温",
        "溶解氧",
    )
    assert all(by_code[r["code"]] for r in table("pollutant_aliases"))


@pytest.mark.parametrize(
    ("raw", "unit", "factor"),
    [
        ("mg/m3", "mg/m3", 1),
        ("mg/m³", "mg/m3", 1),
        ("毫克/立方米", "mg/m3", 1),
        ("mg/Nm3", "mg/Nm3", 1),
        ("μg/m3", "mg/m3", 1e-3),
        ("µg/m³", "mg/m3", 1e-3),
        ("mg/L", "mg/L", 1),
        ("ng-TEQ/m3", "ng-TEQ/m3", 1),
        ("kg", "t", 1e-3),
        ("吨", "t", 1),
        ("无量纲", "无量纲", 1),
        ("级", "级", 1),
        ("倍", "倍", 1),
        ("dB(A)", "dB(A)", 1),
        ("分贝", "dB(A)", 1),
        ("ng/m3", "mg/m3", 1e-6),
        ("L/s", "m3/h", 3.6),
        ("℃", "℃", 1),
    ],
)
def test_units_are_canonical_with_exact_conversions(raw: str, unit: str, factor: float) -> None:
    assert n.canonical_unit(raw) == n.Unit(unit, factor)


def test_standard_condition_units_are_kept_distinct_and_unknown_units_reported() -> None:
    assert n.canonical_unit("mg/Nm³").unit != n.canonical_unit("mg/m³").unit
    with pytest.raises(ValueError, match="known unit"):
        n.canonical_unit("ppm")


@pytest.mark.parametrize(
    ("raw", "period"),
    [
        ("季", "P3M"),
        ("月", "P1M"),
        ("半年", "P6M"),
        ("1次／半年", "P6M"),
        ("2次／年", "P6M"),
        ("1次/季度", "P3M"),
        ("年", "P1Y"),
        ("4次/年", "P3M"),
        ("1次/日", "P1D"),
        ("2次/日", "PT12H"),
        ("自动", "continuous"),
    ],
)
def test_frequencies_in_words(raw: str, period: str) -> None:
    assert n.canonical_period(raw) == period


@pytest.mark.parametrize(("raw", "method"), [("手工", "manual"), ("自动", "auto"), ("自动＋手工", "auto+manual")])
def test_methods(raw: str, method: str) -> None:
    assert n.canonical_method(raw) == method


@pytest.mark.parametrize(
    "raw",
    [
        "2020-07-27",
        "2020/7/27",
        "2020.07.27",
        "2020年7月27日",
        "20200727",
        "２０２０－０７－２７",
        "2020-07-27 00:00:00",
    ],
)
def test_dates(raw: str) -> None:
    assert n.parse_date(raw) == dt.date(2020, 7, 27)


@pytest.mark.parametrize(
    "raw",
    ["2020-07-27至2023-07-26", "2020年7月27日至2023年7月26日", "2020/07/27~2023/07/26", "2020-07-27 - 2023-07-26"],
)
def test_date_ranges(raw: str) -> None:
    assert n.parse_date_range(raw) == (dt.date(2020, 7, 27), dt.date(2023, 7, 26))


def test_bad_dates_and_ranges_say_what_was_expected() -> None:
    with pytest.raises(ValueError, match="does not exist"):
        n.parse_date("2023-02-30")
    with pytest.raises(ValueError, match="end is not before"):
        n.parse_date_range("2023-07-26至2020-07-27")


@pytest.mark.parametrize(
    ("raw", "split"),
    [
        ("DA001", ("DA001", None)),
        ("FQ001", (None, "FQ001")),
        ("FQ-04  E6", (None, "FQ-04 E6")),
        ("DA001(FQ001)", ("DA001", "FQ001")),
        ("ws001", (None, "WS001")),
        ("DA008-2", ("DA008-2", None)),  # two outlets the source tells apart: never cut to DA008
        ("DA008-1 (FQ008)", ("DA008-1", "FQ008")),
        ("dw001a", ("DW001A", None)),
        ("DA008 2#", ("DA008", "2#")),  # a space: the suffix is a local label beside the code
    ],
)
def test_local_outlet_codes_are_kept_beside_national_ones(raw: str, split: tuple[str | None, str | None]) -> None:
    assert n.split_outlet_code(raw) == split


@pytest.mark.parametrize(("raw", "value"), [("1,234.5", 1234.5), ("１２.５", 12.5), (" 7 ", 7.0), (3, 3.0)])
def test_numbers(raw: str | int, value: float) -> None:
    assert n.parse_number(raw) == value


@pytest.mark.parametrize(
    ("raw", "day"),
    [
        ("1595779200000", dt.date(2020, 7, 27)),  # milliseconds, as JavaScript exports write them
        ("1595779200", dt.date(2020, 7, 27)),  # seconds
        ("1595692800000", dt.date(2020, 7, 26)),  # 2020-07-25 16:00 UTC is the 26th in China
    ],
)
def test_unix_timestamps_are_days_in_china(raw: str, day: dt.date) -> None:
    assert n.parse_date(raw) == day


@pytest.mark.parametrize(
    ("raw", "tonnes"),
    [("1.2万吨", 12_000.0), ("350 kg", 0.35), ("20吨/年", 20.0), ("5000千克", 5.0), ("12.5", 12.5), (3, 3.0)],
)
def test_amounts_with_their_mass_unit_typed_in(raw: str | int, tonnes: float) -> None:
    assert n.parse_amount(raw) == pytest.approx(tonnes)


def test_a_concentration_unit_in_an_amount_is_an_error() -> None:
    with pytest.raises(ValueError, match="a number"):
        n.parse_amount("35mg/m3")


def test_a_suffixed_outlet_code_is_its_own_outlet_and_flagged() -> None:
    from graph.model import Outlet

    common = {"enterprise_uscc": "91130207123456788D", "name": "脱硫塔", "medium": "air", "kind": "main"}
    parts = [Outlet.model_validate({**common, "code": code}) for code in ("DA008-1", "DA008-2", "DA008")]
    assert [o.key for o in parts] == [f"91130207123456788D:{c}" for c in ("DA008-1", "DA008-2", "DA008")]
    assert [bool(o.code_problem) for o in parts] == [True, True, False]
    assert [o.local_code for o in parts] == ["", "", ""]
