"""GraphQL types of the regulatory graph; descriptions in English with the Chinese term."""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry


@strawberry.type(description="Node count of one label (for dashboards and load checks).")
class LabelCount:
    label: str
    count: int


@strawberry.type(description="Administrative division 行政区划 (GB/T 2260).")
class Region:
    code: str
    name: str
    level: str = strawberry.field(description="province / prefecture / county")


@strawberry.type(description="Industry class 行业类别 (GB/T 4754-2017).")
class Industry:
    code: str
    name: str


@strawberry.type(description="A short reference to an enterprise.")
class EnterpriseRef:
    uscc: str = strawberry.field(description="Unified social credit code 统一社会信用代码")
    name: str


@strawberry.type(description="Outlet 排放口 (HJ 608 code DA###/DW###).")
class Outlet:
    key: str = strawberry.field(description="Natural key: <USCC>:<outlet code>")
    code: str
    name: str
    medium: str = strawberry.field(description="air 废气 / water 废水")
    kind: str = strawberry.field(description="main 主要排放口 / general 一般排放口")
    standard: str | None = strawberry.field(default=None, description="Emission standard applied 执行标准")
    destination: str | None = strawberry.field(default=None, description="Discharge destination 排放去向")
    local_code: str | None = strawberry.field(default=None, description="Local code 地方编码 (e.g. FQ001)")
    longitude: float | None = None
    latitude: float | None = None
    auto_monitored: bool | None = strawberry.field(default=None, description="Automatic monitoring 自动监测 (CEMS)")

    @classmethod
    def of(cls, m: dict[str, Any]) -> Outlet:
        return cls(
            key=m["key"],
            code=m["code"],
            name=m["name"],
            medium=m["medium"],
            kind=m["kind"],
            standard=m.get("standard"),
            destination=m.get("destination"),
            local_code=m.get("local_code"),
            longitude=m.get("longitude"),
            latitude=m.get("latitude"),
            auto_monitored=m.get("auto_monitored"),
        )


@strawberry.type(description="EIA approval 环评批复.")
class EIAApproval:
    doc_number: str = strawberry.field(description="Document number 批复文号, e.g. 环审〔2021〕104号")
    authority: str
    approved_on: dt.date
    project: str


@strawberry.type(description="Production facility 生产设施 and the EIA approvals that allowed it.")
class ProductionFacility:
    key: str
    code: str
    name: str
    capacity: str | None
    eia_approvals: list[EIAApproval]

    @classmethod
    def of(cls, m: dict[str, Any]) -> ProductionFacility:
        return cls(
            key=m["key"],
            code=m["code"],
            name=m["name"],
            capacity=m.get("capacity"),
            eia_approvals=[EIAApproval(**a) for a in m["approvals"]],
        )


@strawberry.type(description="Treatment facility 污染防治设施 and the production facilities feeding it.")
class TreatmentFacility:
    key: str
    code: str
    name: str
    technology: str | None
    production_facilities: list[ProductionFacility]


@strawberry.type(description="Permitted limit 许可排放限值 for one pollutant at an outlet.")
class PermitLimit:
    permit_number: str
    pollutant_code: str = strawberry.field(description="HJ 212 pollutant code")
    concentration_max: float | None = strawberry.field(description="Permitted concentration 许可排放浓度 (upper)")
    concentration_min: float | None = strawberry.field(description="Lower bound of a range (pH)")
    unit: str | None
    basis: str = strawberry.field(description="Averaging basis: hourly / daily / monthly")
    annual_amount_t: float | None = strawberry.field(description="Permitted annual amount 许可排放量 (t/a)")


@strawberry.type(description="Discharge permit 排污许可证 (HJ 608 number).")
class Permit:
    number: str
    status: str
    management_class: str = strawberry.field(description="key 重点 / simplified 简化 / registration 登记")
    authority: str
    valid_from: dt.date
    valid_to: dt.date
    eia_approvals: list[EIAApproval] = strawberry.field(description="EIA approvals incorporated 纳入的环评批复")


@strawberry.type(description="A monitored value above its permitted limit 超标.")
class Exceedance:
    date: dt.date
    pollutant_code: str
    value: float
    limit: float
    unit: str | None
    ratio: float = strawberry.field(description="(value − limit) / limit 超标倍数")
    basis: str | None


@strawberry.type(
    description="The chain behind an outlet 生产设施—治污设施—排放口, with its permit, limits and compliance."
)
class OutletTrace:
    enterprise: EnterpriseRef
    outlet: Outlet
    treatment_facilities: list[TreatmentFacility]
    untreated_sources: list[ProductionFacility] = strawberry.field(
        description="Production facilities discharging here with no treatment in between"
    )
    permits: list[Permit]
    limits: list[PermitLimit]
    exceedance_count: int
    recent_exceedances: list[Exceedance]

    @strawberry.field(description="True when the outlet has limits and no exceedance 达标")
    def compliant(self) -> bool:
        return bool(self.limits) and self.exceedance_count == 0


@strawberry.type(description="Enterprise 排污单位 (a fixed pollution source).")
class Enterprise:
    uscc: str = strawberry.field(description="Unified social credit code 统一社会信用代码")
    uscc_problem: str | None = strawberry.field(description="Why the USCC fails its check, when it does (flagged)")
    name: str
    address: str | None
    management_class: str
    longitude: float | None
    latitude: float | None
    industry: Industry | None
    regions: list[Region] = strawberry.field(description="County, prefecture and province")
    parent: EnterpriseRef | None = strawberry.field(description="Parent company 母公司")
    subsidiaries: list[EnterpriseRef]
    permit_numbers: list[str]
    outlets: list[Outlet]
