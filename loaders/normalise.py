"""Normalisation of messy export values (DOMAIN.md §7): small pure functions, each raising ValueError with what
was expected when a value cannot be normalised. Nothing here guesses: unknown names and units are reported.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from graph import codes
from loaders.tables import table

# None is longer than 4 characters: empty_to_none relies on it.
PLACEHOLDERS = frozenset({"", "null", "none", "nan", "n/a", "na", "-", "--", "—", "/", "无", "空", "暂无", "未知"})
_SPACES = re.compile(r"\s+")


def clean_text(value: str) -> str:
    """Full-width → half-width (NFKC: ３Ｍ→3M, （→(, ／→/), every space (\\xa0 too) folded, ends trimmed."""
    if value.isascii():  # the common case: nothing to fold but runs of whitespace
        text = value.strip()
        return _SPACES.sub(" ", text) if ("  " in text or "\t" in text or "\n" in text or "\r" in text) else text
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", value)).strip()


def empty_to_none(value: str) -> str | None:
    """Clean a cell; placeholders (null, -, /, 无 …) mean "no value"."""
    text = clean_text(value)
    return None if len(text) <= 4 and text.lower() in PLACEHOLDERS else text


# --- pollutants ---------------------------------------------------------------------------------------
class AmbiguousPollutant(ValueError):
    """A name two media's pollutants share (氟化物: water w21017, air a21018); the row's outlet or unit decides."""

    def __init__(self, name: str, by_medium: dict[str, str]) -> None:
        self.name, self.by_medium = name, by_medium
        listed = ", ".join(f"{m} {c}" for m, c in sorted(by_medium.items()))
        super().__init__(
            f"{name} names pollutants of several media ({listed}); a row whose outlet or unit does not say which "
            "must give the code"
        )


def _pollutant_key(name: str) -> str:
    return clean_text(name).replace(" ", "").lower()


def local_pollutant_code(name: str) -> str:
    """The stable local code of a pollutant a mapping declares outside HJ 212: x + 6 hex digits of the sha1 of its
    folded name (the same name gives the same code on every machine and in every load)."""
    return "x" + hashlib.sha1(_pollutant_key(name).encode()).hexdigest()[:6]


@cache
def _canonical_codes() -> dict[str, str]:
    """Every bundled code by its lower case (Leq is written leq, LEQ …)."""
    return {r["code"].lower(): r["code"] for r in table("pollutants")}


@cache
def _media() -> dict[str, str]:
    return {r["code"]: r["medium"] for r in table("pollutants")}


@cache
def _default_aliases() -> dict[str, dict[str, str]]:
    """Folded name → {medium: code}: the table's names and the bundled aliases (a name two media share, such as
    氰化物, keeps both)."""
    aliases: dict[str, dict[str, str]] = {}
    media = _media()
    for r in table("pollutants"):
        aliases.setdefault(_pollutant_key(r["name"]), {})[r["medium"]] = r["code"]
    for r in table("pollutant_aliases"):
        aliases.setdefault(_pollutant_key(r["alias"]), {})[media[r["code"]]] = r["code"]
    return aliases


def _code_of(text: str) -> str | None:
    """`text` as a pollutant code (any case), or None when it is not written as one."""
    low = text.lower()
    if (known := _canonical_codes().get(low)) is not None:
        return known
    if codes.HJ212_RE.match(low) or codes.LOCAL_POLLUTANT_RE.match(low):
        return low
    return None


def pollutant_code(
    value: str, extra: Mapping[str, str | Mapping[str, str]] | None = None, medium: str | None = None
) -> str:
    """An HJ 212 or local code, or a pollutant name/alias → its code through the bundled dictionary plus `extra`
    (a mapping's [pollutants]: name → code, or "local" for a declared pollutant's stable local code).

    A name with a parenthetical qualifier (`颗粒物（含粉尘）`) falls back to the name before it only when the bare
    name is known. A name two media share resolves with `medium`, else raises AmbiguousPollutant; anything else
    unknown is reported, never guessed.
    """
    if not extra and medium is None:
        return _pollutant_code(value)
    return _pollutant_code_with(value, extra or {}, medium)


@cache
def _pollutant_code(value: str) -> str:
    return _pollutant_code_with(value, {}, None)


def _pollutant_code_with(value: str, extra: Mapping[str, str | Mapping[str, str]], medium: str | None) -> str:
    text = clean_text(value)
    if (code := _code_of(text)) is not None:
        return code
    key, base = _pollutant_key(text), _pollutant_key(text).split("(", 1)[0]
    for name, given in extra.items():  # a mapping's own names first (a handful: no index needed)
        if _pollutant_key(name) not in (key, base):
            continue
        if not isinstance(given, str):  # a name two media share, each its own code (镍: water or air)
            by_medium = {m: _code_of(clean_text(c)) or c for m, c in given.items()}
            if medium in by_medium:
                return by_medium[medium]
            if len(by_medium) == 1:
                return next(iter(by_medium.values()))
            raise AmbiguousPollutant(text, by_medium)
        return local_pollutant_code(name) if given.strip().lower() == "local" else _code_of(clean_text(given)) or given
    aliases = _default_aliases()
    found = aliases.get(key)
    if found is None and base != key:
        found = aliases.get(base)
    if found is None:
        raise ValueError("an HJ 212 pollutant code or a known pollutant name (extend [pollutants] in the mapping)")
    if len(found) == 1:
        return next(iter(found.values()))
    if medium in found:
        return found[medium]
    raise AmbiguousPollutant(text, found)


def medium_of(outlet_code: str | None, unit: str | None) -> str | None:
    """The medium a row's outlet code (DA… air, DW… water) or its unit's family says, or None."""
    if outlet_code and outlet_code[:2] in {"DA", "DW"}:
        return "air" if outlet_code[:2] == "DA" else "water"
    if unit:
        try:
            canonical = canonical_unit(unit).unit
        except ValueError:
            return None
        return _UNIT_MEDIA.get(canonical)
    return None


# --- units --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Unit:
    """A canonical unit and the factor that converts a value in the source unit into it."""

    unit: str
    factor: float = 1.0


# Source spellings (after clean_text, lower case, no spaces) → canonical unit and factor. Conversions are only
# those that are exact; mg/m3 and mg/Nm3 (standard conditions) stay distinct because they are not convertible
# without temperature, pressure and moisture.
_UNITS: dict[str, Unit] = {
    **dict.fromkeys(["mg/m3", "mg/m³", "毫克/立方米", "mg/立方米"], Unit("mg/m3")),
    **dict.fromkeys(["mg/nm3", "mg/nm³", "毫克/标立方米", "毫克/标准立方米"], Unit("mg/Nm3")),
    **dict.fromkeys(["μg/m3", "µg/m3", "ug/m3", "μg/m³", "µg/m³", "微克/立方米"], Unit("mg/m3", 1e-3)),
    **dict.fromkeys(["g/m3", "g/m³", "克/立方米"], Unit("mg/m3", 1e3)),
    **dict.fromkeys(["mg/l", "毫克/升"], Unit("mg/L")),
    **dict.fromkeys(["μg/l", "µg/l", "ug/l", "微克/升"], Unit("mg/L", 1e-3)),
    **dict.fromkeys(["g/l", "克/升"], Unit("mg/L", 1e3)),
    **dict.fromkeys(["ng-teq/m3", "ngteq/m3", "ng-teq/m³", "ngteq/nm3", "ng-teq/nm3"], Unit("ng-TEQ/m3")),
    **dict.fromkeys(["t", "吨", "t/a", "吨/年"], Unit("t")),
    **dict.fromkeys(["万吨", "万t", "万吨/年", "万t/a"], Unit("t", 1e4)),
    **dict.fromkeys(["g", "克", "g/a", "克/年"], Unit("t", 1e-6)),
    **dict.fromkeys(["kg", "千克", "公斤", "kg/a", "千克/年"], Unit("t", 1e-3)),
    **dict.fromkeys(["m3/h", "m³/h", "立方米/小时", "nm3/h"], Unit("m3/h")),
    **dict.fromkeys(["m3/d", "m³/d", "立方米/日", "吨/日", "t/d"], Unit("m3/d")),
    **dict.fromkeys(["无量纲", "ph", "ph值", "-"], Unit("无量纲")),
    "级": Unit("级"),
    "倍": Unit("倍"),
    **dict.fromkeys(["ng/m3", "ng/m³", "纳克/立方米"], Unit("mg/m3", 1e-6)),
    **dict.fromkeys(["ng/l", "纳克/升"], Unit("mg/L", 1e-6)),
    **dict.fromkeys(["pg-teq/l", "pgteq/l"], Unit("pg-TEQ/L")),
    **dict.fromkeys(["db(a)", "db", "分贝", "db(a)(等效声级)", "分贝(a)"], Unit("dB(A)")),
    **dict.fromkeys(["个/l", "mpn/l", "个/升"], Unit("个/L")),
    **dict.fromkeys(["bq/l", "贝可/升"], Unit("Bq/L")),
    **dict.fromkeys(["℃", "°c", "摄氏度"], Unit("℃")),
    **dict.fromkeys(["%", "％"], Unit("%")),
    **dict.fromkeys(["度", "°"], Unit("度")),
    **dict.fromkeys(["μs/cm", "µs/cm", "us/cm", "微西门子/厘米"], Unit("μS/cm")),
    **dict.fromkeys(["kpa", "千帕"], Unit("kPa")),
    **dict.fromkeys(["pa", "帕"], Unit("kPa", 1e-3)),
    **dict.fromkeys(["m/s", "米/秒"], Unit("m/s")),
    **dict.fromkeys(["m3/s", "m³/s", "立方米/秒"], Unit("m3/h", 3600.0)),
    **dict.fromkeys(["l/s", "升/秒"], Unit("m3/h", 3.6)),
}

# The medium a canonical unit's family belongs to (a name two media share is resolved by it: 氟化物 in mg/L).
_UNIT_MEDIA = {
    "mg/L": "water",
    "个/L": "water",
    "Bq/L": "water",
    "pg-TEQ/L": "water",
    "μS/cm": "water",
    "mg/m3": "air",
    "mg/Nm3": "air",
    "ng-TEQ/m3": "air",
    "dB(A)": "noise",
}


@cache
def canonical_unit(value: str) -> Unit:
    """The canonical unit of a source spelling (`mg/m³`, `毫克/立方米`, `μg/m3` → mg/m3 ×0.001 …)."""
    key = clean_text(value).replace(" ", "").lower()
    if key in _UNITS:
        return _UNITS[key]
    raise ValueError("a known unit (mg/m3, mg/Nm3, μg/m3, mg/L, ng-TEQ/m3, dB(A), t, kg, m3/h, 无量纲, 级, 倍 …)")


# --- frequencies and methods -------------------------------------------------------------------------------
_PERIOD_WORDS = {
    "日": "P1D",
    "天": "P1D",
    "周": "P1W",
    "旬": "P10D",
    "月": "P1M",
    "季": "P3M",
    "季度": "P3M",
    "半年": "P6M",
    "年": "P1Y",
}
_FREQ = re.compile(r"^(?:(\d+)\s*次\s*/\s*)?(日|天|周|旬|月|季度|季|半年|年)(?:\s*/\s*(\d+)\s*次)?$")


def canonical_period(value: str) -> str:
    """A monitoring frequency in words → an ISO 8601 period between samples (`季`→P3M, `2次/年`→P6M).

    `自动`/`连续`/`在线` mean continuous monitoring: "continuous".
    """
    text = clean_text(value).replace(" ", "")
    if text in {"自动", "连续", "在线", "自动监测", "连续监测"}:
        return "continuous"
    m = _FREQ.match(text)
    if not m:
        raise ValueError("a frequency such as 月, 季, 半年, 1次/季, 2次/年 or 自动")
    times = int(m.group(1) or m.group(3) or 1)
    period = _PERIOD_WORDS[m.group(2)]
    if times == 1:
        return period
    months = {"P1Y": 12, "P6M": 6, "P3M": 3, "P1M": 1}.get(period)
    days = {"P1D": 1, "P1W": 7, "P10D": 10}.get(period)
    if months and months % times == 0:
        return f"P{months // times}M"
    if months:
        return f"P{round(months * 30 / times)}D"
    return f"PT{round((days or 1) * 24 / times)}H"


@cache
def canonical_method(value: str) -> str:
    """手工 → manual, 自动 → auto, 自动+手工 → auto+manual (English words accepted)."""
    text = clean_text(value).replace(" ", "").lower()
    parts = sorted(
        {
            "auto" if p in {"自动", "auto", "automatic", "在线"} else "manual" if p in {"手工", "manual"} else p
            for p in re.split(r"[+/、,和与]", text)
            if p
        }
    )
    if not parts or any(p not in {"auto", "manual"} for p in parts):
        raise ValueError("手工, 自动 or 自动+手工 (manual, auto)")
    return "+".join(parts)


# --- dates --------------------------------------------------------------------------------------------
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_RANGE_SEP = re.compile(r"\s*(?:至|到|~|～|—|–|\s-\s|-(?=\d{4}[-/.年]))\s*")


_CHINA = dt.timezone(dt.timedelta(hours=8))
_EPOCH = re.compile(r"^\d{10}(\d{3})?(\.\d+)?$")  # Unix time in seconds or milliseconds (2001-09-09 … 2286)


def epoch_day(value: float) -> dt.date:
    """The day (China time) of a Unix timestamp in milliseconds (13 digits, as JavaScript and many exports write
    it) or seconds (10 digits)."""
    seconds = value / 1000 if value >= 1e11 else value
    return dt.datetime.fromtimestamp(seconds, _CHINA).date()


def parse_date(value: str | dt.date) -> dt.date:
    """`2020-07-27`, `2020/7/27`, `2020.07.27`, `2020年7月27日`, `20200727`, a Unix timestamp in milliseconds or
    seconds (`1595779200000`), an Excel date or datetime → date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if len(value) == 10 and value[4] == "-" and value[7] == "-" and value.isascii():
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass  # fall through for the located message
    text = clean_text(value)
    text = text.split(" ")[0] if re.match(r"^\d{4}-\d{2}-\d{2} \d", text) else text
    m = _DATE.match(text) or _COMPACT.match(text)
    if not m and _EPOCH.match(text):
        return epoch_day(float(text))
    if not m:
        raise ValueError("a date such as 2020-07-27, 2020/7/27 or 2020年7月27日")
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise ValueError(f"a real calendar date ({text} does not exist)") from None


def parse_date_range(value: str) -> tuple[dt.date, dt.date]:
    """`2020-07-27至2023-07-26` (also `~`, `到`, ` - `, Chinese dates) → (start, end), start ≤ end."""
    parts = _RANGE_SEP.split(clean_text(value))
    if len(parts) != 2:
        raise ValueError("a date range such as 2020-07-27至2023-07-26")
    start, end = parse_date(parts[0]), parse_date(parts[1])
    if end < start:
        raise ValueError(f"a range whose end is not before its start ({start} … {end})")
    return start, end


# --- numbers and codes -------------------------------------------------------------------------------------
def parse_number(value: str | float | int) -> float:
    """`1,234.5`, `１２.５`, `12.5%` (as 12.5) → float; `<0.5` (below detection limit) → 0.5 flagged by caller."""
    if isinstance(value, int | float):
        return float(value)
    text = clean_text(value).replace(",", "").replace(" ", "").removesuffix("%")
    text = text.lstrip("<≤")
    try:
        return float(text)
    except ValueError:
        raise ValueError("a number") from None


_MASS = re.compile(r"^(.*?\d)\s*(万吨|万t|吨|t|千克|公斤|kg|克|g)(/年|/a)?$", re.IGNORECASE)


def parse_amount(value: str | float | int) -> float:
    """An amount in tonnes: a number, or a number with its mass unit typed in (`1.2万吨`, `350 kg`, `20吨/年`)."""
    if isinstance(value, int | float):
        return float(value)
    text = clean_text(value).replace(" ", "")
    m = _MASS.match(text)
    if m is None:
        return parse_number(text)
    return parse_number(m.group(1)) * canonical_unit(m.group(2)).factor


_NATIONAL_OUTLET = re.compile(r"D[AW]\d{3}")
_SUFFIXED_OUTLET = re.compile(r"D[AW]\d{3}(?:[-_.][0-9A-Z]+|[0-9A-Z]+)")  # glued to the code, up to a space or bracket


def split_outlet_code(value: str) -> tuple[str | None, str | None]:
    """(HJ 608 national code, local code) from an outlet code cell.

    `DA001` → (DA001, None); `FQ001` → (None, FQ001); `FQ-04  E6` → (None, FQ-04 E6); `DA001(FQ001)` → (DA001, FQ001).
    A national code with a suffix of its own (`DA008-2`, `DW001A`) is kept whole: sources number the parts of one
    outlet so, and cutting it to DA008 would merge two outlets (the row model flags it, code_problem).
    """
    text = clean_text(value).upper()
    m = _SUFFIXED_OUTLET.search(text) or _NATIONAL_OUTLET.search(text)
    if not m:
        return None, text or None
    rest = (text[: m.start()] + " " + text[m.end() :]).strip(" ()/-")
    return m.group(0), rest or None


def uppercase_code(value: str) -> str:
    """Identifiers (USCC, permit number) are case-insensitive in exports: upper-case, no spaces."""
    return clean_text(value).replace(" ", "").upper()
