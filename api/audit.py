"""The audit trail's writer: one entry per authenticated request (who, what the request did, the objects it read)
and per refused authentication, appended in batches off the request's path, and the retention purge. Mutations
write their own entries with their change (queries/step_finding.cypher, publish_disclosures.cypher); nothing
updates an entry, and only the purge removes one, once older than the retention.

What an entry holds is bounded whatever the caller sends: the objects read (as the guard let them through, whatever
the query selected) up to RETURNED_MAX with their whole count, the operation's name as given (cut to NAME_MAX) apart
from what the request did (query or mutation, its root fields), the document's first DOCUMENT_MAX characters with the
sha256 of all of it; and each caller writes at most `per_minute` entries a minute (the rest are counted, and the
count lands in the caller's next entry)."""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import datetime as dt
import hashlib
import logging
import time
import uuid
from collections import deque
from collections.abc import AsyncIterator
from typing import Any

from graphql import FieldNode, OperationDefinitionNode
from strawberry.extensions import SchemaExtension

from graph.async_db import AsyncDatabase
from graph.errors import PermitGraphError
from graph.records import integer

log = logging.getLogger("permitgraph.audit")
RETURNED_MAX = 500  # object refs kept per entry (the count is kept whole)
NAME_MAX = 100  # characters of an operation name kept
DOCUMENT_MAX = 2000  # characters of the document kept (its sha256 covers all of it)
REASON_MAX = 200
BUFFER_MAX = 10_000  # entries held while the database is away; beyond it the oldest go (counted, logged)
PURGE_BATCH = 10_000


def returned_refs(data: Any, limit: int = RETURNED_MAX) -> tuple[list[str], int]:
    """The objects an answer holds, as <Label>:<key> from their global ids (first `limit`), and how many."""
    refs: list[str] = []
    seen: set[str] = set()
    stack = [data]
    count = 0
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            gid = value.get("id")
            if isinstance(gid, str) and (ref := _ref(gid)) is not None and ref not in seen:
                seen.add(ref)
                count += 1
                if len(refs) < limit:
                    refs.append(ref)
            stack.extend(v for v in reversed(value.values()) if isinstance(v, dict | list))  # in answer order
        elif isinstance(value, list):
            stack.extend(v for v in reversed(value) if isinstance(v, dict | list))
    return refs, count


def refs_of(global_ids: set[str], data: Any, limit: int = RETURNED_MAX) -> tuple[list[str], int]:
    """The objects a request read: those the guard noted, and any other the answer names by id (first `limit`)."""
    from_answer, _ = returned_refs(data, limit)
    seen = sorted({r for g in global_ids if (r := _ref(g)) is not None} | set(from_answer))
    return seen[:limit], len(seen)


def document_fields(text: str | None) -> dict[str, Any]:
    """The document as an entry keeps it: its first DOCUMENT_MAX characters and the sha256 of all of it."""
    if not text:
        return {"document": None, "document_sha256": None}
    digest = hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()
    return {"document": text[:DOCUMENT_MAX], "document_sha256": digest}


def _ref(global_id: str) -> str | None:
    try:
        text = base64.urlsafe_b64decode(global_id + "=" * (-len(global_id) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    label, sep, key = text.partition(":")
    return text if sep and label.isalpha() and key else None


class AuditLog:
    """Entries to append, flushed every `interval` seconds (0: at once, within the request) by one task."""

    def __init__(self, db: AsyncDatabase, retention_days: int, interval: float = 1.0, per_minute: int = 600) -> None:
        self.db, self.retention_days, self.interval = db, retention_days, interval
        self.per_minute = per_minute
        self.pending: deque[dict[str, Any]] = deque()
        self.dropped = 0
        self._task: asyncio.Task[None] | None = None
        self._last_purge = 0.0
        self._windows: dict[str, tuple[int, int, int]] = {}  # caller → (minute, entries written, entries folded)

    def admit(self, caller: str) -> int | None:
        """Whether a caller may have another entry this minute: None when not (it is counted), else how many of
        its entries were folded before it (carried in this entry)."""
        minute = int(time.monotonic() // 60)
        held, written, folded = self._windows.get(caller, (minute, 0, 0))
        if held != minute:
            written = 0
            if len(self._windows) > 100_000:  # many callers: forget the quiet ones' windows
                self._windows = {c: w for c, w in self._windows.items() if w[0] == minute or w[2]}
        if written >= self.per_minute:
            self._windows[caller] = (minute, written, folded + 1)
            return None
        self._windows[caller] = (minute, written + 1, 0)
        return folded

    async def record(self, caller: str, entry: dict[str, Any]) -> None:
        """Append an entry within the caller's share (see `admit`)."""
        folded = self.admit(caller)
        if folded is None:
            return
        entry["folded_before"] = folded
        await self.append(entry)

    async def append(self, entry: dict[str, Any]) -> None:
        if len(self.pending) >= BUFFER_MAX:
            self.pending.popleft()
            self.dropped += 1
            if self.dropped in (1, 100, 10_000) or self.dropped % 100_000 == 0:
                log.error("audit buffer full (database away?): %d entries dropped so far", self.dropped)
        self.pending.append(entry)
        if self.interval <= 0:
            await self.flush()

    async def flush(self) -> int:
        """Append what is pending; on failure it stays pending (the next flush tries again)."""
        written = 0
        while self.pending:
            batch = [self.pending.popleft() for _ in range(min(500, len(self.pending)))]
            try:
                await self.db.write("append_audit_entries", rows=batch)
            except PermitGraphError as exc:
                self.pending.extendleft(reversed(batch))
                log.warning("audit entries not written yet (%s); %d pending", exc.message, len(self.pending))
                break
            written += len(batch)
        return written

    async def purge(self) -> int:
        """Remove entries older than the retention; how many went."""
        before = dt.datetime.now(dt.UTC) - dt.timedelta(days=self.retention_days)
        purged = 0
        while True:
            rows = await self.db.write("purge_audit_entries", before=before, batch=PURGE_BATCH)
            n = integer(rows[0]["purged"]) if rows else 0
            purged += n
            if n < PURGE_BATCH:
                return purged

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(max(self.interval, 0.05))
            await self.flush()
            if loop.time() - self._last_purge > 3600:
                self._last_purge = loop.time()
                with contextlib.suppress(PermitGraphError):
                    if n := await self.purge():
                        log.info("audit trail: %d entries past the %d-day retention removed", n, self.retention_days)

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[AuditLog]:
        self._task = asyncio.create_task(self._run())
        try:
            yield self
        finally:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            with contextlib.suppress(PermitGraphError):
                await self.flush()


class AuditTrail(SchemaExtension):
    """After each operation of an authenticated caller (or any mutation), its entry goes to the request's log."""

    async def on_operation(self) -> AsyncIterator[None]:
        yield
        ec = self.execution_context
        context = ec.context
        trail: AuditLog | None = getattr(context, "audit", None)
        principal = context.principal
        try:
            action = ec.operation_type.value
        except Exception:  # a document that did not parse has no operation type: a refused request, not a change
            action = None
        if trail is None or (principal.via == "anonymous" and action != "mutation"):
            return
        result = ec.result
        refs, count = refs_of(getattr(context, "seen", set()), result.data if result is not None else None)
        name = ec.operation_name
        await trail.record(
            principal.subject,
            {
                "id": uuid.uuid4().hex,
                "at": dt.datetime.now(dt.UTC),
                "subject": principal.subject,
                "role": principal.role,
                "via": principal.via,
                "kind": "request",
                "operation": name[:NAME_MAX] if isinstance(name, str) else None,
                "action": action,
                "fields": _root_fields(ec),
                **document_fields(ec.query),
                "request": context.request_id,
                "returned": refs,
                "returned_count": count,
                "changed": [],
                "status": "errors" if result is not None and result.errors else "ok",
            },
        )


def _root_fields(ec: Any) -> list[str]:
    """The root fields the executed operation selected (what a mutation ran), at most 20."""
    try:
        document = ec.graphql_document
        if document is None:
            return []
        for definition in document.definitions:
            if isinstance(definition, OperationDefinitionNode) and (
                ec.operation_name is None
                or (definition.name is not None and definition.name.value == ec.operation_name)
            ):
                names = [s.name.value for s in definition.selection_set.selections if isinstance(s, FieldNode)]
                return names[:20]
    except Exception:
        return []
    return []


def refused_entry(subject: str, reason: str, client: str | None, request_id: str) -> dict[str, Any]:
    """The entry of a refused authentication: who it claimed to be (a key's id, never a secret), why, from where."""
    return {
        "id": uuid.uuid4().hex,
        "at": dt.datetime.now(dt.UTC),
        "subject": subject[:NAME_MAX],
        "role": "none",
        "via": "refused",
        "kind": "authentication",
        "operation": None,
        "action": None,
        "fields": [],
        "document": None,
        "document_sha256": None,
        "request": request_id,
        "returned": [],
        "returned_count": 0,
        "changed": [],
        "status": f"refused: {reason[:REASON_MAX]}",
        "client": (client or "")[:64],
        "folded_before": 0,
    }
