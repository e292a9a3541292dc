"""The audit trail as admins read it: one entry per authenticated request and per mutation (api/audit.py writes
the requests' entries; each mutation writes its own with its change)."""

from __future__ import annotations

import datetime as dt

import strawberry

from graph.errors import InvalidInput
from schema import ids
from schema.fields import Ctx, Node, find_page
from schema.pagination import Connection


@strawberry.type(description="One entry of the audit trail 过程留痕: who did what, when, and which objects it touched.")
class AuditEntry(Node):
    LABEL, KEY = "AuditEntry", "id"
    id_: str = strawberry.field(name="entryId", description="The entry's id.")
    at: dt.datetime = strawberry.field(description="When.")
    subject: str = strawberry.field(description="Who: the token's subject, key:<id>, or anonymous.")
    role: str = strawberry.field(description="The role it acted with.")
    via: str = strawberry.field(description="token, key, anonymous, or refused (a credential that was not accepted).")
    kind: str = strawberry.field(
        description="request (what a request read), mutation (what it changed) or authentication (a refused "
        "credential: who it claimed to be, why it was refused)."
    )
    operation: str | None = strawberry.field(
        description="The operation's name as the caller gave it (at most 100 characters): a label, not what ran."
    )
    action: str | None = strawberry.field(description="What the request did: query or mutation.")
    fields: list[str] | None = strawberry.field(description="The root fields it ran (the mutations, for a mutation).")
    document: str | None = strawberry.field(description="The document's first 2,000 characters.")
    document_sha256: str | None = strawberry.field(description="sha256 of the whole document.")
    client: str | None = strawberry.field(description="The address a refused credential came from.")
    folded_before: int | None = strawberry.field(
        description="Entries of this caller not kept just before this one (past its entries a minute)."
    )
    field: str | None = strawberry.field(description="The mutation field (mutations).")
    request: str | None = strawberry.field(
        description="The request's id (a mutation's and its request's entries share it)."
    )
    returned: list[str] | None = strawberry.field(description="The objects it returned: <Label>:<key>, at most 500.")
    returned_count: int | None = strawberry.field(description="How many objects it returned.")
    changed: list[str] | None = strawberry.field(description="The objects a mutation changed, as <Label>:<key>.")
    status: str = strawberry.field(description="ok, or errors (the answer carried errors).")


def object_ref(global_id: str) -> str:
    """A global id as the audit trail writes it: <Label>:<key>."""
    label, key = ids.decode(global_id)
    return f"{label}:{key}"


async def find(
    info: Ctx,
    subject: str | None,
    operation: str | None,
    kind: str | None,
    object_id: str | None,
    since: dt.datetime | None,
    until: dt.datetime | None,
    first: int | None,
    after: str | None,
) -> Connection[AuditEntry]:
    if kind not in (None, "request", "mutation", "authentication"):
        raise InvalidInput(f"an audit entry's kind is request, mutation or authentication; found {kind[:20]!r}")
    return await find_page(
        info,
        "find_audit_entries",
        AuditEntry,
        first,
        after,
        subject=subject,
        operation=operation,
        kind=kind,
        object=object_ref(object_id) if object_id else None,
        since=since,
        until=until,
    )
