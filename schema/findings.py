"""The compliance finding types: a finding found by a rule, with its history and evidence."""

from __future__ import annotations

import datetime as dt

import strawberry

from graph.records import Props, optional_number, optional_text, text
from schema.convert import plain
from schema.fields import Ctx, Node, one, one_of
from schema.graphs import KEY_PROPS, TraceGraph, build_graph


# --- compliance findings ---------------------------------------------------------------------------------------
@strawberry.type(
    description="One step in a finding's history: a check's (opened, updated, reopened, closed) or a person's "
    "(confirmed, dismissed, ordered, rectified, closed — the workflow, with who and why)."
)
class FindingEvent:
    at: dt.datetime = strawberry.field(description="When 时间.")
    kind: str = strawberry.field(
        description="opened / updated / reopened / closed (a check) or confirmed / dismissed / ordered / rectified / "
        "closed (a person)."
    )
    run: str | None = strawberry.field(description="The check run that made this step (null for a person's step).")
    measured: float | None = strawberry.field(description="Measured value at that run.")
    permitted: float | None = strawberry.field(description="Permitted value at that run.")
    message: str | None = strawberry.field(description="What was found at that run.")
    by: str | None = strawberry.field(description="Who took a person's step: the token subject or key:<id>.")
    reason: str | None = strawberry.field(description="Why: the reason, the order's requirement, what was done.")
    deadline: dt.date | None = strawberry.field(description="The rectification deadline 整改期限 an order set.")
    document: str | None = strawberry.field(description="The order's document number 责令整改通知书文号.")


@strawberry.type(
    description="Compliance finding 问题线索: where a source departs from its permit (依证监管), found by a rule "
    "(`permitgraph check`), with its evidence. Re-running updates it; it is closed when the condition no longer holds."
)
class Finding(Node):
    LABEL, KEY = "Finding", "key"
    key: str = strawberry.field(description="Natural key: <rule>:<subject>.")
    rule: str = strawberry.field(description="Rule id, e.g. concentration_exceedance (queries/check_*.cypher).")
    article: str = strawberry.field(description="The article or linkage it serves 法律依据.")
    severity: str = strawberry.field(description="critical / high / medium / low.")
    period: str | None = strawberry.field(description="When: a day, a report period, or first/last day.")
    measured: float | None = strawberry.field(description="Measured or reported value 实测/实际.")
    permitted: float | None = strawberry.field(description="Permitted or approved value 许可/批复.")
    unit: str | None = strawberry.field(description="Unit of measured and permitted.")
    message: str = strawberry.field(description="What was found, in one line.")
    status: str = strawberry.field(description="open / closed: whether the last check still found it.")
    stage: str = strawberry.field(
        description="Where a person's workflow has it: detected (no one has judged it yet), confirmed, dismissed, "
        "ordered (a rectification order 限期整改 is running), rectified or closed. Only a confirmed finding is ever "
        "published."
    )
    stage_on: dt.date | None = strawberry.field(description="Day of its last workflow step.")
    deadline: dt.date | None = strawberry.field(description="Deadline 整改期限 of its rectification order.")
    region_code: str | None = strawberry.field(description="Region code of the enterprise or region it concerns.")
    opened_on: dt.date = strawberry.field(description="Day it was (last) opened.")
    last_seen: dt.date = strawberry.field(description="Day a check last found it.")
    closed_on: dt.date | None = strawberry.field(
        description="The as-of day of the check that closed it (its condition no longer held on that day)."
    )
    closed_at: dt.datetime | None = strawberry.field(description="When it was closed 关闭时间 (the check's real time).")
    assumed: list[str] | None = strawberry.field(
        description="Fields of its evidence the source did not give, filled in by a mapping's default (e.g. a "
        "permit's status): the finding rests on that assumption. Null when none."
    )

    @classmethod
    def from_node(cls, node: Props) -> Finding:
        return super().from_node({**node, "stage": node.get("stage") or "detected"})

    @strawberry.field(description="Whether its rectification order's deadline has passed with nothing recorded.")
    def overdue(self) -> bool:
        return self.stage == "ordered" and self.deadline is not None and self.deadline < dt.date.today()

    enterprise = one_of(
        "Finding",
        "list_enterprises_of_findings",
        "Enterprise",
        "The enterprise it concerns (null for a finding about a region).",
    )
    region = one(
        "Finding", "regions", "The region it concerns (regional quotas; null for a finding about an enterprise)."
    )

    @strawberry.field(description="Its history, oldest first.")
    async def history(self, info: Ctx) -> list[FindingEvent]:
        _, nodes = await info.context.loaders.hop("list_events_of_findings", 0, 100).load(self.key)
        return [
            FindingEvent(
                at=plain(n["at"]),
                kind=text(n["kind"]),
                run=optional_text(n.get("run")),
                measured=optional_number(n.get("measured")),
                permitted=optional_number(n.get("permitted")),
                message=optional_text(n.get("message")),
                by=optional_text(n.get("by")),
                reason=optional_text(n.get("reason")),
                deadline=plain(n.get("deadline")),
                document=optional_text(n.get("document")),
            )
            for n in nodes
        ]

    @strawberry.field(
        description="Its evidence as a graph to draw: the evidence nodes and the links among them (inspectors)."
    )
    async def evidence(self, info: Ctx) -> TraceGraph | None:
        row = await info.context.loaders.row("list_evidence_of_findings", keyprops=KEY_PROPS).load(self.key)
        return build_graph(row) if row is not None else TraceGraph(nodes=[], edges=[])
