"""The mutations: a person's workflow on a finding (confirm or dismiss, order rectification 限期整改, record it,
close: 闭环管理, seed 五(三)) and publishing the disclosure lists. Each step is one statement that also writes the
finding's event (who, when, why) and the audit entry, so none lands without its trace."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

import strawberry

from graph.errors import Forbidden, InvalidInput
from graph.records import props
from schema import disclosure, ids
from schema.fields import Ctx
from schema.findings import Finding

REASON_MAX = 2000  # characters of a reason or a record of what was done
DOCUMENT_MAX = 100

# step → (the stage it moves a finding to, the stages it moves from)
STEPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "confirm": ("confirmed", ("detected",)),
    "dismiss": ("dismissed", ("detected",)),
    "order": ("ordered", ("confirmed", "ordered")),  # ordering again sets a new deadline
    "record": ("rectified", ("ordered",)),
    "close": ("closed", ("confirmed", "rectified")),
}


@strawberry.type(description="The step was taken: the finding as it now stands.")
class FindingStepped:
    finding: Finding = strawberry.field(description="The finding after the step (its history has the step).")


@strawberry.type(description="The step was not taken, and why (nothing was written).")
class StepRefused:
    code: str = strawberry.field(description="NOT_FOUND (no such finding) or WRONG_STAGE (not from its stage).")
    message: str = strawberry.field(description="What was refused and why, in one line.")
    stage: str | None = strawberry.field(description="The finding's stage, when it exists.")


FindingStepResult = Annotated[
    FindingStepped | StepRefused,
    strawberry.union("FindingStepResult", description="A workflow step: taken (the finding) or refused (why)."),
]


def audit_params(info: Ctx, field: str, changed: str | None = None) -> dict[str, Any]:
    """The audit entry a mutation writes with its change: who, the operation, the request."""
    p = info.context.principal
    operation = info.operation.name.value if info.operation.name else None
    return {
        "id": uuid.uuid4().hex,
        "subject": p.subject,
        "role": p.role,
        "via": p.via,
        "operation": operation,
        "field": field,
        "request": info.context.request_id,
        "changed": changed,
    }


def _text(value: str | None, what: str, limit: int, required: bool = True) -> str | None:
    cleaned = (value or "").strip()
    if required and not cleaned:
        raise InvalidInput(f"{what} must not be empty")
    if len(cleaned) > limit:
        raise InvalidInput(f"{what} is at most {limit} characters; found {len(cleaned)}")
    return cleaned or None


async def step(
    info: Ctx,
    step: str,
    id: str,
    reason: str,
    deadline: dt.date | None = None,
    document: str | None = None,
) -> FindingStepped | StepRefused:
    label, key = ids.decode(id)
    if label != "Finding":
        raise InvalidInput(f"not the id of a finding: {id!r}")
    stage, moves_from = STEPS[step]
    field = info.field_name
    rows = await info.context.db.write(
        "step_finding",
        key=key,
        stage=stage,
        **{"from": list(moves_from)},
        reason=_text(reason, "reason", REASON_MAX),
        deadline=deadline,
        document=_text(document, "document", DOCUMENT_MAX, required=False),
        regions=list(info.context.principal.regions),
        audit=audit_params(info, field, f"Finding:{key}"),
    )
    if not rows:
        return StepRefused(code="NOT_FOUND", message=f"no finding has the id {id}", stage=None)
    row = rows[0]
    if not row["in_scope"]:
        raise Forbidden(f"{field}: the finding lies outside the caller's regions")
    if not row["done"]:
        was = str(row["was"])
        return StepRefused(
            code="WRONG_STAGE",
            message=f"{field} moves a finding from {' or '.join(moves_from)}; this one is {was}",
            stage=was,
        )
    return FindingStepped(finding=Finding.from_node(props(row["finding"])))


Reason = Annotated[str, strawberry.argument(description=f"Why, in words (at most {REASON_MAX} characters).")]


@strawberry.type(description="Changes: a person's workflow on findings and the disclosure lists (inspector, admin).")
class Mutation:
    @strawberry.mutation(description="Confirm a detected finding 确认: a person holds it is so (it may be published).")
    async def confirm_finding(self, info: Ctx, id: strawberry.ID, reason: Reason) -> FindingStepResult:
        return await step(info, "confirm", id, reason)

    @strawberry.mutation(description="Dismiss a detected finding 排除 (a false alarm): it is never published.")
    async def dismiss_finding(self, info: Ctx, id: strawberry.ID, reason: Reason) -> FindingStepResult:
        return await step(info, "dismiss", id, reason)

    @strawberry.mutation(
        description="Order rectification by a deadline 责令限期整改 (a confirmed finding; again: a new deadline)."
    )
    async def order_rectification(
        self,
        info: Ctx,
        id: strawberry.ID,
        deadline: dt.date,
        reason: Annotated[str, strawberry.argument(description="What must be done.")],
        document: Annotated[str | None, strawberry.argument(description="The order's document number 文号.")] = None,
    ) -> FindingStepResult:
        if deadline < dt.date.today():
            raise InvalidInput(f"a rectification deadline lies ahead; found {deadline.isoformat()}")
        return await step(info, "order", id, reason, deadline, document)

    @strawberry.mutation(description="Record that an ordered rectification was done 整改完成, and how.")
    async def record_rectification(
        self, info: Ctx, id: strawberry.ID, reason: Annotated[str, strawberry.argument(description="What was done.")]
    ) -> FindingStepResult:
        return await step(info, "record", id, reason)

    @strawberry.mutation(description="Close a confirmed or rectified finding 销号: the loop is closed.")
    async def close_finding(self, info: Ctx, id: strawberry.ID, reason: Reason) -> FindingStepResult:
        return await step(info, "close", id, reason)

    @strawberry.mutation(
        description="Publish the disclosure lists of a region and period: every confirmed finding and every penalty "
        "of a list's kind not yet published becomes an entry, a snapshot kept as it is published."
    )
    async def publish_disclosures(
        self,
        info: Ctx,
        region_code: Annotated[str, strawberry.argument(description="Region at any level (6-digit code).")],
        period: Annotated[str, strawberry.argument(description="2024, 2024H1, 2024Q2 or 2024-03.")],
    ) -> disclosure.Published:
        published = await disclosure.publish(info, region_code, period, audit_params(info, info.field_name))
        return published
