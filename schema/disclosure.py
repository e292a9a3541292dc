"""The public disclosure lists 信息公开 (seed 五(四)): their entries as published, and publishing them."""

from __future__ import annotations

import datetime as dt
import uuid
from enum import Enum
from typing import cast

import strawberry

from graph.records import Value, integer, text
from schema.fields import Ctx, Node, find_page
from schema.filters import enum_value, period_window, region_prefix
from schema.pagination import Connection


@strawberry.enum(description="The four lists the plan has published (查处并曝光 … 清单, seed 五(四)).")
class DisclosureList(Enum):
    UNPERMITTED = strawberry.enum_value("unpermitted", description="无证排污: discharging without a permit.")
    NOT_PER_PERMIT = strawberry.enum_value(
        "not_per_permit", description="不按证排污: above the permit's limits, outlets or treatment not as permitted."
    )
    NO_AUTOMATIC_MONITORING = strawberry.enum_value(
        "no_automatic_monitoring", description="不依法安装使用自动监测设备: automatic monitoring missing."
    )
    LATE_REPORT = strawberry.enum_value(
        "late_report", description="不按时提交执行报告: execution reports late or absent."
    )


LIST_NAMES = {
    "unpermitted": "无证排污",
    "not_per_permit": "不按证排污",
    "no_automatic_monitoring": "不依法安装使用自动监测设备",
    "late_report": "不按时提交执行报告",
}


@strawberry.type(
    description="One published entry of a disclosure list 信息公开: what was published, as it was then — a later "
    "change to the data never rewrites it (a disclosure is a record)."
)
class DisclosureEntry(Node):
    LABEL, KEY = "DisclosureEntry", "key"
    key: str = strawberry.field(description="Natural key: <list>:finding:<finding key> or <list>:penalty:<decision>.")
    list: str = strawberry.field(description="The list: unpermitted, not_per_permit, no_automatic_monitoring, …")
    uscc: str = strawberry.field(description="The enterprise's USCC 统一社会信用代码.")
    enterprise_name: str = strawberry.field(description="The enterprise's name 单位名称, as published.")
    address: str | None = strawberry.field(description="Its address 地址, as published.")
    region_code: str = strawberry.field(description="Its county code 行政区划代码.")
    what: str = strawberry.field(description="What it did 违法事实, as published.")
    article: str = strawberry.field(description="The article it breaches 违反条款.")
    day: dt.date = strawberry.field(description="When: the day the finding was found, or the penalty decided.")
    amount_yuan: float | None = strawberry.field(description="The penalty 罚款金额 (yuan), for an entry from one.")
    authority: str | None = strawberry.field(description="The deciding authority 处罚机关, for a penalty.")
    basis_label: str = strawberry.field(description="What it was published from: Finding or Penalty.")
    basis_key: str = strawberry.field(description="That finding's key or that penalty's decision number.")
    period: str = strawberry.field(description="The period it was published under, e.g. 2024Q2.")
    published_at: dt.datetime = strawberry.field(description="When it was published 公开时间.")

    @strawberry.field(description="The list's name 名单, in Chinese.")
    def list_name(self) -> str:
        return LIST_NAMES.get(self.list, self.list)


@strawberry.type(description="What a publication added to the lists of a region and period.")
class Published:
    region_code: str = strawberry.field(description="The region published for.")
    period: str = strawberry.field(description="The period published for.")
    found: int = strawberry.field(description="Entries the region and period have (already published or not).")
    published: int = strawberry.field(description="Entries this publication added (the rest were published before).")
    lists: list[str] = strawberry.field(description="The list of each added entry, in alphabetical order.")


async def find(
    info: Ctx, which: DisclosureList, region_code: str | None, period: str | None, first: int | None, after: str | None
) -> Connection[DisclosureEntry]:
    since, until = period_window(period) if period else (None, None)
    return await find_page(
        info,
        "find_disclosures",
        DisclosureEntry,
        first,
        after,
        list=enum_value(which),
        region=region_prefix(region_code),
        since=since,
        until=until,
    )


async def publish(info: Ctx, region_code: str, period: str, audit: dict[str, object]) -> Published:
    """Publish the lists of a region and period (the caller's scope is checked by the guard on `region_code`)."""
    since, until = period_window(period)
    region = region_prefix(region_code)
    assert region is not None  # region_code is required
    rows = await info.context.db.write(
        "publish_disclosures",
        region=region,
        since=since,
        until=until,
        period=period.strip().upper(),
        publication=uuid.uuid4().hex,
        audit=audit,
    )
    row = rows[0]
    return Published(
        region_code=region_code,
        period=period.strip().upper(),
        found=integer(row["found"]),
        published=integer(row["published"]),
        lists=sorted(text(x) for x in cast(list[Value], row["lists"])),
    )
