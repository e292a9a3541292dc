"""GraphQL types of hazardous waste, total-amount control and enforcement: licences, transfers, quotas, trades,
inspections, violations and penalties."""

from __future__ import annotations

import strawberry

from schema.fields import Node, many, one, one_of
from schema.properties import derived


# --- hazardous waste ----------------------------------------------------------------------------------------------
@strawberry.type(description="Hazardous-waste operating licence 危险废物经营许可证.")
@derived("HazardousWasteLicence")
class HazardousWasteLicence(Node):
    LABEL, KEY = "HazardousWasteLicence", "number"

    holder = one("HazardousWasteLicence", "enterprises", "The holder.")


@strawberry.type(description="Hazardous-waste transfer 危险废物转移联单.")
@derived("WasteTransfer")
class WasteTransfer(Node):
    LABEL, KEY = "WasteTransfer", "manifest_no"

    shipper = one("WasteTransfer", "shippers", "The shipper 移出单位.")
    receiver = one("WasteTransfer", "receivers", "The receiver 接收单位.")


# --- total-amount control -----------------------------------------------------------------------------------------
@strawberry.type(
    description="Total-amount control quota 总量控制指标: tonnes of one pollutant that a region (at any level) or an "
    "enterprise may emit in a year; permitted amounts count against it (rules enterprise_quota_exceeded and "
    "regional_quota_exceeded)."
)
@derived("Quota")
class Quota(Node):
    LABEL, KEY = "Quota", "id"
    id_: str = strawberry.field(name="quotaId", description="Quota id 指标编号.")
    scope: str = strawberry.field(description="What it caps: region 区域 / enterprise 企业.")

    enterprise = one("Quota", "enterprises", "The enterprise holding it (null for a regional quota).")
    region = one("Quota", "regions", "The region it caps (null for an enterprise quota).")
    pollutant = one("Quota", "pollutants", "The pollutant 污染物.")


@strawberry.type(
    description="Emissions trade 排污权交易: quota of one pollutant and year moved from a seller to a buyer."
)
@derived("QuotaTrade")
class QuotaTrade(Node):
    LABEL, KEY = "QuotaTrade", "id"
    id_: str = strawberry.field(name="tradeId", description="Trade or contract number 交易编号.")

    seller = one("QuotaTrade", "sellers", "The seller 出让方.")
    buyer = one("QuotaTrade", "buyers", "The buyer 受让方.")
    pollutant = one("QuotaTrade", "pollutants", "The pollutant 污染物.")


# --- enforcement ----------------------------------------------------------------------------------------------------
@strawberry.type(description="Inspection 执法检查 of an enterprise.")
@derived("Inspection")
class Inspection(Node):
    LABEL, KEY = "Inspection", "id"
    id_: str = strawberry.field(name="inspectionId", description="Inspection record number 检查编号.")

    enterprise = one("Inspection", "enterprises", "The enterprise inspected.")
    violations = many("Inspection", "violations", "Violations 违法行为 it found.")


@strawberry.type(description="Violation 违法行为: a breach of the permit regulations found by an inspection.")
@derived(
    "Violation",
    hide=(
        "pollutant_code",
        "site",
    ),
)
class Violation(Node):
    LABEL, KEY = "Violation", "id"
    id_: str = strawberry.field(name="violationId", description="Violation record number.")
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
@derived("Penalty")
class Penalty(Node):
    LABEL, KEY = "Penalty", "decision_number"

    violation = one("Penalty", "violations", "The violation it punishes.")
