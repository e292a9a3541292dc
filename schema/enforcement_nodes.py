"""GraphQL types of hazardous waste, total-amount control and enforcement: licences, transfers, quotas, trades,
inspections, violations and penalties."""

from __future__ import annotations

import datetime as dt

import strawberry

from schema.fields import Node, many, one, one_of


# --- hazardous waste ----------------------------------------------------------------------------------------------
@strawberry.type(description="Hazardous-waste operating licence 危险废物经营许可证.")
class HazardousWasteLicence(Node):
    LABEL, KEY = "HazardousWasteLicence", "number"
    number: str = strawberry.field(description="Licence number 许可证编号.")
    authority: str = strawberry.field(description="Issuing authority 发证机关.")
    categories: list[str] = strawberry.field(description="Waste categories covered 核准经营类别 (HW01…HW50).")
    methods: list[str] = strawberry.field(description="Methods 经营方式: 收集/贮存/利用/处置.")
    scale_tpa: float = strawberry.field(description="Approved scale 经营规模 (t/a).")
    valid_from: dt.date = strawberry.field(description="Validity start.")
    valid_to: dt.date = strawberry.field(description="Validity end.")

    holder = one("HazardousWasteLicence", "enterprises", "The holder.")


@strawberry.type(description="Hazardous-waste transfer 危险废物转移联单.")
class WasteTransfer(Node):
    LABEL, KEY = "WasteTransfer", "manifest_no"
    manifest_no: str = strawberry.field(description="Manifest number 联单编号.")
    waste_code: str = strawberry.field(description="Waste code 废物代码 (e.g. 900-041-49).")
    amount_t: float = strawberry.field(description="Amount 转移量 (t).")
    date: dt.date = strawberry.field(description="Date 转移日期.")

    shipper = one("WasteTransfer", "shippers", "The shipper 移出单位.")
    receiver = one("WasteTransfer", "receivers", "The receiver 接收单位.")


# --- total-amount control -----------------------------------------------------------------------------------------
@strawberry.type(
    description="Total-amount control quota 总量控制指标: tonnes of one pollutant that a region (at any level) or an "
    "enterprise may emit in a year; permitted amounts count against it (rules enterprise_quota_exceeded and "
    "regional_quota_exceeded)."
)
class Quota(Node):
    LABEL, KEY = "Quota", "id"
    id_: str = strawberry.field(name="quotaId", description="Quota id 指标编号.")
    scope: str = strawberry.field(description="What it caps: region 区域 / enterprise 企业.")
    year: int = strawberry.field(description="Year 年度.")
    pollutant_code: str = strawberry.field(description="HJ 212 pollutant code 污染物编码.")
    amount_t: float = strawberry.field(description="Allocated amount 核定总量 (t/a), before any trade.")
    region_code: str | None = strawberry.field(description="Region capped 行政区划代码 (regional quotas).")
    authority: str | None = strawberry.field(description="Allocating authority 核定机关.")
    document: str | None = strawberry.field(description="Allocating document 总量指标文件.")

    enterprise = one("Quota", "enterprises", "The enterprise holding it (null for a regional quota).")
    region = one("Quota", "regions", "The region it caps (null for an enterprise quota).")
    pollutant = one("Quota", "pollutants", "The pollutant 污染物.")


@strawberry.type(
    description="Emissions trade 排污权交易: quota of one pollutant and year moved from a seller to a buyer."
)
class QuotaTrade(Node):
    LABEL, KEY = "QuotaTrade", "id"
    id_: str = strawberry.field(name="tradeId", description="Trade or contract number 交易编号.")
    year: int = strawberry.field(description="Quota year 指标年度.")
    pollutant_code: str = strawberry.field(description="HJ 212 pollutant code 污染物编码.")
    amount_t: float = strawberry.field(description="Amount traded 交易量 (t/a).")
    date: dt.date = strawberry.field(description="Date 交易日期.")
    price_yuan: float | None = strawberry.field(description="Price 成交金额 (yuan 元).")

    seller = one("QuotaTrade", "sellers", "The seller 出让方.")
    buyer = one("QuotaTrade", "buyers", "The buyer 受让方.")
    pollutant = one("QuotaTrade", "pollutants", "The pollutant 污染物.")


# --- enforcement ----------------------------------------------------------------------------------------------------
@strawberry.type(description="Inspection 执法检查 of an enterprise.")
class Inspection(Node):
    LABEL, KEY = "Inspection", "id"
    id_: str = strawberry.field(name="inspectionId", description="Inspection record number 检查编号.")
    date: dt.date = strawberry.field(description="Date 检查日期.")
    authority: str = strawberry.field(description="Inspecting authority 执法机关.")
    kind: str = strawberry.field(description="Kind 检查类型 (e.g. 双随机, 专项).")
    result: str = strawberry.field(description="Result 检查结果.")

    enterprise = one("Inspection", "enterprises", "The enterprise inspected.")
    violations = many("Inspection", "violations", "Violations 违法行为 it found.")


@strawberry.type(description="Violation 违法行为: a breach of the permit regulations found by an inspection.")
class Violation(Node):
    LABEL, KEY = "Violation", "id"
    id_: str = strawberry.field(name="violationId", description="Violation record number.")
    type: str = strawberry.field(description="Violation type 违法类型, e.g. 超过许可排放浓度排放.")
    article: str = strawberry.field(description="Article 条款 of 排污许可管理条例 breached.")
    date: dt.date = strawberry.field(description="Date 日期.")
    description: str | None = strawberry.field(description="Description 违法事实.")
    group_path: list[str] | None = strawberry.field(
        description="In a group's chain (`violations(group: true)`): the USCCs from the top of the group 集团 down to "
        "the company that committed it; null elsewhere."
    )

    enterprise = one("Violation", "enterprises", "The enterprise that committed it.")
    inspection = one("Violation", "inspections", "The inspection that found it.")
    permit = one("Violation", "permits", "The permit it breaches.")
    clause = one_of(
        "Violation",
        "list_clauses_of_violations",
        "PermitLimit",
        "The permit clause 许可条款 breached: the limit for its pollutant at its outlet.",
    )
    outlet = one("Violation", "outlets", "The outlet concerned.")
    pollutant = one("Violation", "pollutants", "The pollutant concerned.")
    penalties = many("Violation", "penalties", "Penalties 行政处罚 that followed.")


@strawberry.type(description="Penalty 行政处罚决定.")
class Penalty(Node):
    LABEL, KEY = "Penalty", "decision_number"
    decision_number: str = strawberry.field(description="Decision number 处罚决定书文号.")
    authority: str = strawberry.field(description="Authority 处罚机关.")
    date: dt.date = strawberry.field(description="Date 决定日期.")
    amount_yuan: float = strawberry.field(description="Fine 罚款金额 (yuan 元).")

    violation = one("Penalty", "violations", "The violation it punishes.")
