"""GraphQL types of the permit and its monitoring: permits, their events and limits, EIA approvals, execution
reports, monitoring series and exceedances."""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, ClassVar

import strawberry

from graph.records import number, optional_number
from schema.fields import Ctx, Node, hop_page, many, many_of, one
from schema.properties import derived


# --- permits ----------------------------------------------------------------------------------------------------
@strawberry.type(description="Discharge permit 排污许可证 (一证式: one per enterprise, with its history).")
@derived("Permit")
class Permit(Node):
    LABEL, KEY = "Permit", "number"

    enterprise = one("Permit", "enterprises", "The holder 持证单位.")
    site = one("Permit", "sites", "The holder's site, when the company runs several (else null).")
    events = many(
        "Permit", "events", "History 变更记录: issue, renewals 延续, changes 变更, revocation 撤销, in order."
    )
    eia_approvals = many("Permit", "eia_approvals", "EIA approvals 环评批复 incorporated into the permit.")
    outlets = many("Permit", "outlets", "Outlets 排放口 it covers.")
    limits = many("Permit", "limits", "Limits 许可排放限值 it sets, by pollutant.")
    reports = many("Permit", "reports", "Execution reports 执行报告 filed under it, newest first.")
    exceedances = many_of(
        "Permit",
        "list_exceedances_of_permits",
        "Exceedance",
        "Exceedances 超标 at the outlets it covers, newest first.",
    )
    inspections = many_of(
        "Permit", "list_inspections_of_permits", "Inspection", "Inspections 执法检查 of its holder, newest first."
    )
    violations = many("Permit", "violations", "Violations 违法行为 of this permit, newest first.")
    findings = many_of(
        "Permit",
        "list_findings_of_permits",
        "Finding",
        "Compliance findings 问题 about it (open first, most severe, newest).",
    )


@strawberry.type(description="An event in a permit's history 许可证变更记录.")
@derived("PermitEvent")
class PermitEvent(Node):
    LABEL, KEY = "PermitEvent", "key"
    key: str = strawberry.field(description="Natural key: <permit number>:<sequence>.")

    permit = one("PermitEvent", "permits", "The permit whose history this event is 所属许可证.")


@strawberry.type(description="Permitted limit 许可排放限值 for one pollutant, at an outlet or enterprise-wide.")
@derived(
    "PermitLimit",
    hide=(
        "enterprise_uscc",
        "site",
        "holder",
    ),
)
class PermitLimit(Node):
    LABEL, KEY = "PermitLimit", "key"
    key: str = strawberry.field(
        description="Natural key: <permit>:<outlet code or *>:<pollutant>:<basis>[@<from>], or for a standard's "
        "<standard>|<owner>:<outlet code>:<pollutant>:<basis>[@<from>], for an EIA approval's "
        "eia:<doc number>|<owner>:<outlet code>:<pollutant>:<basis>[@<from>]."
    )
    PROPERTY_OF: ClassVar[dict[str, str]] = {"origin": "source"}  # `source`: every node's provenance
    origin: str | None = strawberry.field(
        description="What sets it 限值来源: permit 许可证, standard 执行标准 or eia 环评批复 (no permit behind the "
        "last two)."
    )
    outlet_key: str | None = strawberry.field(description="Outlet key; null for an enterprise-wide amount.")

    permit = one("PermitLimit", "permits", "The permit setting it (null for a standard's or an EIA approval's).")
    eia_approval = one("PermitLimit", "eia_approvals", "The EIA approval 环评批复 setting it (source eia; else null).")
    outlet = one("PermitLimit", "outlets", "The outlet it applies to (null: enterprise-wide).")
    pollutant = one("PermitLimit", "pollutants", "The pollutant 污染物.")


@strawberry.type(description="EIA approval 环境影响评价批复 of a project.")
@derived("EIAApproval")
class EIAApproval(Node):
    LABEL, KEY = "EIAApproval", "doc_number"
    if TYPE_CHECKING:  # derived from the row model (schema/properties.py); named here for the resolvers
        doc_number: str

    enterprise = one("EIAApproval", "enterprises", "The enterprise that obtained it.")
    facilities = many("EIAApproval", "facilities", "Production facilities 生产设施 it approved.")

    @strawberry.field(description="Annual amounts it approved per pollutant 环评批复总量 (t/a).")
    def approved_amounts(self, info: Ctx) -> list[PollutantAmount]:
        return hop_page(
            info,
            "list_amounts_of_eia_approvals",
            self.doc_number,
            0,
            100,
            lambda p: [PollutantAmount(pollutant=Pollutant.from_node(n), amount_t=number(n["amount_t"])) for n in p[1]],
        )

    permits = many("EIAApproval", "permits", "Permits 排污许可证 that incorporate it.")
    holders = many(
        "EIAApproval", "enterprises", "Every enterprise that obtained it (several for a joint approval 联合审批)."
    )
    acceptances = many("EIAApproval", "acceptances", "Completion acceptances 竣工环境保护验收 of its project.")


@strawberry.type(
    description="Completion acceptance 竣工环境保护验收 of a project an EIA approval allowed (自主验收 since 2017)."
)
@derived("CompletionAcceptance")
class CompletionAcceptance(Node):
    LABEL, KEY = "CompletionAcceptance", "id"
    id_: str = strawberry.field(name="acceptanceId", description="Its number 验收编号 (document or public notice).")

    enterprise = one("CompletionAcceptance", "enterprises", "The enterprise whose project it accepted.")
    eia_approval = one("CompletionAcceptance", "eia_approvals", "The EIA approval 环评批复 whose project it accepted.")
    production_facilities = many("CompletionAcceptance", "production_facilities", "Production facilities accepted.")
    treatment_facilities = many(
        "CompletionAcceptance", "treatment_facilities", "Treatment facilities 治污设施 accepted (三同时)."
    )


@strawberry.type(description="An amount of one pollutant (t/a).")
class PollutantAmount:
    pollutant: Pollutant = strawberry.field(description="The pollutant 污染物.")
    amount_t: float = strawberry.field(description="Tonnes per year 吨/年.")


@strawberry.type(description="Execution report 排污许可证执行报告 (annual, quarterly or monthly).")
@derived("ExecutionReport")
class ExecutionReport(Node):
    LABEL, KEY = "ExecutionReport", "key"
    key: str = strawberry.field(description="Natural key: <permit number>:<period>.")

    permit = one("ExecutionReport", "permits", "The permit it was filed under.")

    @strawberry.field(
        description="Actual emissions 实际排放量 per pollutant next to the permitted annual amount 许可排放量."
    )
    def emissions(self, info: Ctx) -> list[ReportedEmission]:
        return hop_page(
            info,
            "list_emissions_of_execution_reports",
            self.key,
            0,
            100,
            lambda p: [
                ReportedEmission(
                    pollutant=Pollutant.from_node(n),
                    actual_t=number(n["actual_t"]),
                    permitted_t=optional_number(n["permitted_t"]),
                )
                for n in p[1]
            ],
        )


@strawberry.type(description="Actual against permitted emissions of one pollutant in one report.")
class ReportedEmission:
    pollutant: Pollutant = strawberry.field(description="The pollutant 污染物.")
    actual_t: float = strawberry.field(description="Actual emissions 实际排放量 (t).")
    permitted_t: float | None = strawberry.field(
        description="Permitted annual amount 许可排放量 (t/a): the enterprise-wide limit, else the sum of outlet "
        "limits; null when the permit sets none."
    )

    @strawberry.field(description="actual / permitted (null without a permitted amount).")
    def ratio(self) -> float | None:
        return self.actual_t / self.permitted_t if self.permitted_t else None


# --- monitoring ---------------------------------------------------------------------------------------------------
@strawberry.type(description="One day's value in a monitoring series.")
class DailyValue:
    date: dt.date = strawberry.field(description="Day 日期.")
    value: float = strawberry.field(description="Value 监测值, in the series' unit.")


@strawberry.type(description="A month of monitoring 监测数据 of one pollutant at one outlet, by one method.")
class MonitoringMonth(Node):
    LABEL, KEY = "MonitoringMonth", "key"
    key: str = strawberry.field(description="Natural key: <outlet key>:<pollutant>:<yyyy-mm>:<method>.")
    pollutant: str = strawberry.field(description="HJ 212 pollutant code.")
    month: dt.date = strawberry.field(description="First day of the month.")
    method: str = strawberry.field(description="auto 自动监测 / manual 手工监测.")
    basis: str | None = strawberry.field(description="Averaging basis of the values.")
    unit: str | None = strawberry.field(description="Unit of the values.")
    count: int = strawberry.field(description="Days with a value.")
    min: float | None = strawberry.field(description="Lowest value.")
    max: float | None = strawberry.field(description="Highest value.")
    sum: float | None = strawberry.field(description="Sum of the values (mean = sum / count).")
    values: strawberry.Private[list[float] | None] = None

    @strawberry.field(description="The days with a value, in order.")
    def days(self) -> list[DailyValue]:
        values = self.values or []
        return [
            DailyValue(date=self.month + dt.timedelta(days=i), value=v)
            for i, v in enumerate(values)
            if not math.isnan(v)
        ]

    outlet = one("MonitoringMonth", "outlets", "The outlet.")
    exceedances = many("MonitoringMonth", "exceedances", "Exceedances 超标 derived from this month's values.")


@strawberry.type(description="Exceedance 超标: a monitored value beyond the permitted limit (pH: outside its range).")
class Exceedance(Node):
    LABEL, KEY = "Exceedance", "key"
    key: str = strawberry.field(description="Natural key: <series key>:<day>.")
    date: dt.date = strawberry.field(description="Day 日期.")
    pollutant: str = strawberry.field(description="HJ 212 pollutant code.")
    value: float = strawberry.field(description="Monitored value 监测值.")
    limit: float = strawberry.field(description="The limit broken 限值.")
    unit: str | None = strawberry.field(description="Unit.")
    ratio: float = strawberry.field(description="Exceedance ratio 超标倍数 = |value − limit| / limit.")
    basis: str | None = strawberry.field(description="Averaging basis.")

    outlet = one("Exceedance", "outlets", "The outlet.")
    permit_limit = one("Exceedance", "limits", "The permitted limit it broke.")


from schema.nodes import Pollutant  # noqa: E402  (after the types its fields name: the modules import each other)
