"""Root lists a console or dashboard needs beside the entity look-ups: code tables (regions, industries,
pollutants), the enforcement record as flat lists (exceedances, inspections, penalties), and map points."""

from __future__ import annotations

import datetime as dt
import math
from enum import Enum
from typing import Any

import strawberry

from graph.errors import InvalidInput
from schema.fields import Ctx
from schema.filters import industry_prefix, region_prefix, window
from schema.pagination import check_first

MAP_POINTS_MAX = 20_000  # a prefecture's enterprises fit many times over; a province's: ask by bbox or region


@strawberry.enum(description="Level of an administrative division 行政区划级别.")
class RegionLevel(Enum):
    PROVINCE = strawberry.enum_value("province", description="省级 province")
    PREFECTURE = strawberry.enum_value("prefecture", description="地级 prefecture")
    COUNTY = strawberry.enum_value("county", description="县级 county")


@strawberry.enum(description="Level of a GB/T 4754 industry 行业分类级别.")
class IndustryLevel(Enum):
    DIVISION = strawberry.enum_value("division", description="大类 division (2 digits)")
    GROUP = strawberry.enum_value("group", description="中类 group (3 digits)")
    CLASS = strawberry.enum_value("class", description="小类 class (4 digits)")


@strawberry.enum(description="What a map shows 地图对象.")
class MapKind(Enum):
    ENTERPRISES = strawberry.enum_value("enterprises", description="排污单位 enterprises")
    OUTLETS = strawberry.enum_value("outlets", description="排放口 outlets")


@strawberry.input(description="Which exceedances: all filters must hold.")
class ExceedanceFilter:
    region_code: str | None = strawberry.field(default=None, description="Enterprise's region at any level.")
    industry_code: str | None = strawberry.field(default=None, description="Enterprise's industry at any level.")
    pollutant_code: str | None = strawberry.field(default=None, description="HJ 212 pollutant code 污染物编码.")
    date_from: dt.date | None = strawberry.field(default=None, description="On or after this day.")
    date_to: dt.date | None = strawberry.field(default=None, description="On or before this day.")


@strawberry.input(description="Which inspections: all filters must hold.")
class InspectionFilter:
    region_code: str | None = strawberry.field(default=None, description="Enterprise's region at any level.")
    industry_code: str | None = strawberry.field(default=None, description="Enterprise's industry at any level.")
    kind: str | None = strawberry.field(default=None, description="Kind 检查类型 (e.g. 双随机).")
    result: str | None = strawberry.field(default=None, description="Result 检查结果.")
    date_from: dt.date | None = strawberry.field(default=None, description="On or after this day.")
    date_to: dt.date | None = strawberry.field(default=None, description="On or before this day.")


@strawberry.input(description="Which penalties: all filters must hold.")
class PenaltyFilter:
    region_code: str | None = strawberry.field(default=None, description="Offender's region at any level.")
    industry_code: str | None = strawberry.field(default=None, description="Offender's industry at any level.")
    authority: str | None = strawberry.field(default=None, description="Deciding authority 处罚机关.")
    amount_from: float | None = strawberry.field(default=None, description="At least this fine (yuan).")
    date_from: dt.date | None = strawberry.field(default=None, description="On or after this day.")
    date_to: dt.date | None = strawberry.field(default=None, description="On or before this day.")


def _short(value: str | None, what: str, most: int = 60) -> str | None:
    """A free-text filter argument, trimmed, bounded; None when empty."""
    if value is None or not value.strip():
        return None
    if len(value) > most:
        raise InvalidInput(f"{what} is at most {most} characters; found {len(value):,}")
    return value.strip()


def region_params(parent: str | None, level: RegionLevel | None, retired: bool) -> dict[str, Any]:
    if parent is not None:
        region_prefix(parent)  # the shape check: six digits
    return {"parent": parent and parent.strip(), "level": level.value if level else None, "retired": retired}


def industry_params(parent: str | None, level: IndustryLevel | None) -> dict[str, Any]:
    if parent is not None:
        industry_prefix(parent)
    return {"parent": parent and parent.strip(), "level": level.value if level else None}


def exceedance_params(f: ExceedanceFilter | None) -> dict[str, Any]:
    f = f or ExceedanceFilter()
    window(f.date_from, f.date_to, "dateFrom/dateTo")
    return {
        "region": region_prefix(f.region_code),
        "industry": industry_prefix(f.industry_code),
        "pollutant": _short(f.pollutant_code, "pollutantCode", 16),
        "date_from": f.date_from,
        "date_to": f.date_to,
    }


def inspection_params(f: InspectionFilter | None) -> dict[str, Any]:
    f = f or InspectionFilter()
    window(f.date_from, f.date_to, "dateFrom/dateTo")
    return {
        "region": region_prefix(f.region_code),
        "industry": industry_prefix(f.industry_code),
        "kind": _short(f.kind, "kind"),
        "result": _short(f.result, "result"),
        "date_from": f.date_from,
        "date_to": f.date_to,
    }


def penalty_params(f: PenaltyFilter | None) -> dict[str, Any]:
    f = f or PenaltyFilter()
    window(f.date_from, f.date_to, "dateFrom/dateTo")
    if f.amount_from is not None and not (math.isfinite(f.amount_from) and f.amount_from >= 0):
        raise InvalidInput(f"amountFrom is a fine in yuan, 0 or more; found {f.amount_from}")
    return {
        "region": region_prefix(f.region_code),
        "industry": industry_prefix(f.industry_code),
        "authority": _short(f.authority, "authority"),
        "amount_from": f.amount_from,
        "date_from": f.date_from,
        "date_to": f.date_to,
    }


def bbox(values: list[float] | None) -> list[float] | None:
    """[west, south, east, north] in degrees, each finite and in range, west ≤ east and south ≤ north."""
    if values is None:
        return None
    if len(values) != 4 or not all(math.isfinite(v) for v in values):
        raise InvalidInput("bbox is four numbers: [west, south, east, north] in degrees")
    west, south, east, north = values
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise InvalidInput(
            f"bbox is [west, south, east, north], -180 ≤ west ≤ east ≤ 180, -90 ≤ south ≤ north ≤ 90; found {values}"
        )
    return list(values)


async def map_features(
    info: Ctx, kind: MapKind, region_code: str | None, box: list[float] | None, first: int
) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the points (longitude, latitude) with their open findings; `truncated` when
    more points lie in the box than `first`."""
    check_first(first, MAP_POINTS_MAX)
    query = {MapKind.ENTERPRISES: "find_map_enterprises", MapKind.OUTLETS: "find_map_outlets"}[kind]
    rows = await info.context.db_read(query, region=region_prefix(region_code), bbox=bbox(box), first=first)
    points: list[list[Any]] = list(rows[0]["points"]) if rows else []  # type: ignore[arg-type]
    features = [
        {
            "type": "Feature",
            "id": key,
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {
                "uscc": uscc,
                "code": code,
                "name": name,
                "regionCode": region,
                "class": cls,
                "medium": medium,
                "openFindings": open_findings,
            },
        }
        for key, uscc, code, name, lon, lat, region, cls, medium, open_findings in points[:first]
    ]
    return {"type": "FeatureCollection", "features": features, "truncated": len(points) > first}
