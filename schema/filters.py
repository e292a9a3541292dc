"""Filter inputs and enums shared by the root lists and the dashboards, and their validation."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from enum import Enum

import strawberry

from graph import codes
from graph.errors import InvalidInput


@strawberry.enum(description="Permit management class 管理类别.")
class ManagementClass(Enum):
    KEY = strawberry.enum_value("key", description="重点管理 key management")
    SIMPLIFIED = strawberry.enum_value("simplified", description="简化管理 simplified management")
    REGISTRATION = strawberry.enum_value("registration", description="登记管理 registration")


@strawberry.enum(description="Permit status 许可证状态.")
class PermitStatus(Enum):
    VALID = strawberry.enum_value("valid", description="有效 valid")
    EXPIRED = strawberry.enum_value("expired", description="过期 expired")
    REVOKED = strawberry.enum_value("revoked", description="撤销 revoked")


@strawberry.enum(description="Outlet kind 排放口类型.")
class OutletKind(Enum):
    MAIN = strawberry.enum_value("main", description="主要排放口 main outlet")
    GENERAL = strawberry.enum_value("general", description="一般排放口 general outlet")
    FUGITIVE = strawberry.enum_value("fugitive", description="无组织排放源 fugitive source")
    BOUNDARY = strawberry.enum_value("boundary", description="厂界监测点 boundary point")


@strawberry.enum(description="Medium 介质.")
class Medium(Enum):
    AIR = strawberry.enum_value("air", description="废气 air")
    WATER = strawberry.enum_value("water", description="废水 water")
    NOISE = strawberry.enum_value("noise", description="噪声 noise")


_REGION = re.compile(r"^\d{6}$")
_INDUSTRY = re.compile(r"^\d{2,4}$")


def region_prefix(code: str | None) -> str | None:
    """A region code at any level as the prefix its counties share: 130000 → 13, 130200 → 1302, 130203."""
    if code is None:
        return None
    code = code.strip()
    if not _REGION.match(code):
        raise InvalidInput(f"a region code has 6 digits (GB/T 2260), e.g. 130000, 130200 or 130203; found {code!r}")
    return codes.region_code_prefix(code)


def industry_prefix(code: str | None) -> str | None:
    """An industry code at any level (division 22, group 221, class 2210) as a prefix of class codes."""
    if code is None:
        return None
    code = code.strip()
    if not _INDUSTRY.match(code):
        raise InvalidInput(f"an industry code has 2–4 digits (GB/T 4754), e.g. 22, 221 or 2210; found {code!r}")
    return code


def uscc(value: str) -> str:
    value = value.strip().upper()
    if len(value) != 18:
        raise InvalidInput(f"a USCC has 18 characters; found {len(value)} in {value!r}")
    return value


_LOCAL_OUTLET = re.compile(r"^[0-9A-Z][0-9A-Z#()\-_./ ]{0,39}$")


def outlet_ref(value: str) -> tuple[str, bool]:
    """(code, whether it is the HJ 608 national code) of an outlet named by its national or its local code (FQ…,
    WS…, as regional systems name outlets), folded as stored codes are (NFKC, upper case, runs of spaces as one)."""
    code = " ".join(unicodedata.normalize("NFKC", value).split()).upper()
    if codes.OUTLET_RE.match(code):
        return code, True
    if not _LOCAL_OUTLET.match(code):
        raise InvalidInput(
            "an outlet code: HJ 608 (D + A/W + 3 digits, e.g. DA001) or a local code (letters, digits, spaces and "
            f"# ( ) - _ . /, at most 40 characters); found {value[:60]!r}"
        )
    return code, False


def site_ref(value: str) -> str:
    """A site's id or local source code, as stored (NFKC, upper case: ids compare upper-cased)."""
    site = unicodedata.normalize("NFKC", value).strip().upper()
    if not 0 < len(site) <= 60:
        raise InvalidInput(f"a site id or local source code has 1–60 characters; found {value[:70]!r}")
    return site


def outlet_code(value: str) -> str:
    code = value.strip().upper()
    if not codes.OUTLET_RE.match(code):
        raise InvalidInput(f"an outlet code is D + A/W + 3 digits (HJ 608), e.g. DA001; found {value!r}")
    return code


def window(start: dt.date | None, end: dt.date | None, what: str) -> None:
    if start is not None and end is not None and start > end:
        raise InvalidInput(f"{what}: the start {start} is after the end {end}")


def enum_value(value: Enum | None) -> str | None:
    return None if value is None else str(value.value)


@strawberry.input(description="Which enterprises: all filters must hold.")
class EnterpriseFilter:
    region_code: str | None = strawberry.field(
        default=None, description="Region at any level 行政区划: province 130000, prefecture 130200 or county 130203."
    )
    industry_code: str | None = strawberry.field(
        default=None, description="Industry at any level 行业: division 22, group 221 or class 2210."
    )
    management_class: ManagementClass | None = strawberry.field(default=None, description="Management class 管理类别.")
    name_contains: str | None = strawberry.field(default=None, description="Part of the name 名称包含 (Chinese).")


@strawberry.enum(description="Order of a list of exceedances 超标排序.")
class ExceedanceSort(Enum):
    NEWEST = strawberry.enum_value("newest", description="最新在前 newest first")
    OLDEST = strawberry.enum_value("oldest", description="最早在前 oldest first")
    LARGEST = strawberry.enum_value("largest", description="超标倍数最大在前 largest ratio first")


@strawberry.enum(description="Order of an enterprise list.")
class EnterpriseSort(Enum):
    NAME = strawberry.enum_value("name", description="按名称 by name")
    USCC = strawberry.enum_value("uscc", description="按统一社会信用代码 by USCC")
    REGION = strawberry.enum_value("region", description="按行政区划 by region")


@strawberry.input(description="Which permits: all filters must hold.")
class PermitFilter:
    region_code: str | None = strawberry.field(default=None, description="Holder's region at any level.")
    industry_code: str | None = strawberry.field(default=None, description="Holder's industry at any level.")
    management_class: ManagementClass | None = strawberry.field(default=None, description="Management class 管理类别.")
    status: PermitStatus | None = strawberry.field(default=None, description="Status 许可证状态.")
    valid_on: dt.date | None = strawberry.field(default=None, description="In force on that day 有效期内.")
    expires_from: dt.date | None = strawberry.field(default=None, description="Validity ends on or after 有效期止 ≥.")
    expires_to: dt.date | None = strawberry.field(default=None, description="Validity ends on or before 有效期止 ≤.")
    issued_from: dt.date | None = strawberry.field(default=None, description="Issued on or after.")
    issued_to: dt.date | None = strawberry.field(default=None, description="Issued on or before.")


@strawberry.enum(description="Order of a permit list.")
class PermitSort(Enum):
    VALID_TO = strawberry.enum_value("valid_to", description="按有效期止 by expiry")
    ISSUED_ON = strawberry.enum_value("issued_on", description="按发证日期 by issue date")
    NUMBER = strawberry.enum_value("number", description="按许可证编号 by number")


@strawberry.input(description="Which outlets: all filters must hold.")
class OutletFilter:
    region_code: str | None = strawberry.field(default=None, description="Owner's region at any level.")
    industry_code: str | None = strawberry.field(default=None, description="Owner's industry at any level.")
    kind: OutletKind | None = strawberry.field(default=None, description="Main 主要 or general 一般 outlets.")
    medium: Medium | None = strawberry.field(default=None, description="Air 废气 or water 废水 outlets.")
    code: str | None = strawberry.field(default=None, description="Outlet code 排放口编码, e.g. DA001.")
    pollutant_code: str | None = strawberry.field(
        default=None, description="Outlets with a permitted limit for this pollutant (HJ 212 code)."
    )


@strawberry.input(description="Which violations: all filters must hold.")
class ViolationFilter:
    type: str | None = strawberry.field(default=None, description="Violation type 违法类型.")
    article: str | None = strawberry.field(default=None, description="Article 条款 of 排污许可管理条例.")
    region_code: str | None = strawberry.field(default=None, description="Enterprise's region at any level.")
    industry_code: str | None = strawberry.field(default=None, description="Enterprise's industry at any level.")
    date_from: dt.date | None = strawberry.field(default=None, description="On or after this day.")
    date_to: dt.date | None = strawberry.field(default=None, description="On or before this day.")


_PERIOD = re.compile(r"^(\d{4})(?:(Q[1-4])|(H[12])|-?M?(0[1-9]|1[0-2]))?$")


def period_window(value: str) -> tuple[dt.date, dt.date]:
    """The first and last day of a period: a year (2024), half (2024H1), quarter (2024Q2) or month (2024-03,
    2024M03 as execution reports write it)."""
    m = _PERIOD.match(value.strip().upper())
    year = int(m.group(1)) if m else 0
    if m is None or not 1949 <= year <= 2099:
        raise InvalidInput(
            f"a period is a year, half, quarter or month: 2024, 2024H1, 2024Q2, 2024-03; found {value[:40]!r}"
        )
    first_month, months = 1, 12
    if m.group(2):
        first_month, months = 3 * int(m.group(2)[1]) - 2, 3
    elif m.group(3):
        first_month, months = 6 * int(m.group(3)[1]) - 5, 6
    elif m.group(4):
        first_month, months = int(m.group(4)), 1
    start = dt.date(year, first_month, 1)
    after = first_month + months
    end = dt.date(year + (after - 1) // 12, (after - 1) % 12 + 1, 1) - dt.timedelta(days=1)
    return start, end


def period_or_window(
    field: str, since: dt.date | None, until: dt.date | None, period: str | None
) -> tuple[dt.date | None, dt.date | None]:
    """A field's window: a period, or since/until (either open), never both; since never after until."""
    if period is not None:
        if since is not None or until is not None:
            raise InvalidInput(f"{field}: give a period, or since/until, not both")
        return period_window(period)
    if since is not None and until is not None and since > until:
        raise InvalidInput(f"{field}: since {since} is after until {until}")
    return since, until


def window_params(
    field: str, code: str | None, since: dt.date | None, until: dt.date | None, period: str | None
) -> dict[str, object]:
    """A windowed list's parameters: its window, and a pollutant code checked for shape (a21026, w01018, a21026z,
    Leq, xa001; None for all)."""
    since, until = period_or_window(field, since, until, period)
    folded = None if code is None else code.strip()
    if folded is not None and (not 1 <= len(folded) <= 16 or not folded.replace("-", "").isalnum()):
        raise InvalidInput(f"pollutantCode is an HJ 212 or local code such as a21026; found {folded[:40]!r}")
    return {"pollutant": folded, "since": since, "until": until}
