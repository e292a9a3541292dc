"""The compliance finding types: a finding found by a rule, with its history and evidence."""

from __future__ import annotations

import datetime as dt

import strawberry

from graph.records import optional_number, optional_text, text
from schema.convert import plain
from schema.fields import Ctx, Node, one, one_of
from schema.graphs import KEY_PROPS, TraceGraph, build_graph


# --- compliance findings ---------------------------------------------------------------------------------------
@strawberry.type(description="One step in a finding's history: opened, updated, reopened or closed.")
class FindingEvent:
    at: dt.datetime = strawberry.field(description="When 时间.")
    kind: str = strawberry.field(description="opened / updated / reopened / closed.")
    run: str = strawberry.field(description="The check run that made this step.")
    measured: float | None = strawberry.field(description="Measured value at that run.")
    permitted: float | None = strawberry.field(description="Permitted value at that run.")
    message: str | None = strawberry.field(description="What was found at that run.")


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
    status: str = strawberry.field(description="open / closed.")
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
                run=text(n["run"]),
                measured=optional_number(n.get("measured")),
                permitted=optional_number(n.get("permitted")),
                message=optional_text(n.get("message")),
            )
            for n in nodes
        ]

    @strawberry.field(description="Its evidence as a graph to draw: the evidence nodes and the links among them.")
    async def evidence(self, info: Ctx) -> TraceGraph:
        row = await info.context.loaders.row("list_evidence_of_findings", keyprops=KEY_PROPS).load(self.key)
        return build_graph(row) if row is not None else TraceGraph(nodes=[], edges=[])
