"""The audit trail's writer: one entry per authenticated request (who, the operation, the objects it returned),
appended in batches off the request's path, and the retention purge. Mutations write their own entries with their
change (queries/step_finding.cypher, publish_disclosures.cypher); nothing updates an entry, and only the purge
removes one, once older than the retention."""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import datetime as dt
import logging
import uuid
from collections import deque
from collections.abc import AsyncIterator
from typing import Any

from strawberry.extensions import SchemaExtension

from graph.async_db import AsyncDatabase
from graph.errors import PermitGraphError
from graph.records import integer

log = logging.getLogger("permitgraph.audit")
RETURNED_MAX = 500  # object refs kept per entry (the count is kept whole)
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


def _ref(global_id: str) -> str | None:
    try:
        text = base64.urlsafe_b64decode(global_id + "=" * (-len(global_id) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    label, sep, key = text.partition(":")
    return text if sep and label.isalpha() and key else None


class AuditLog:
    """Entries to append, flushed every `interval` seconds (0: at once, within the request) by one task."""

    def __init__(self, db: AsyncDatabase, retention_days: int, interval: float = 1.0) -> None:
        self.db, self.retention_days, self.interval = db, retention_days, interval
        self.pending: deque[dict[str, Any]] = deque()
        self.dropped = 0
        self._task: asyncio.Task[None] | None = None
        self._last_purge = 0.0

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
            is_mutation = ec.operation_type.value == "mutation"
        except Exception:  # a document that did not parse has no operation type: a refused request, not a change
            is_mutation = False
        if trail is None or (principal.via == "anonymous" and not is_mutation):
            return
        result = ec.result
        refs, count = returned_refs(result.data if result is not None else None)
        await trail.append(
            {
                "id": uuid.uuid4().hex,
                "at": dt.datetime.now(dt.UTC),
                "subject": principal.subject,
                "role": principal.role,
                "via": principal.via,
                "kind": "request",
                "operation": ec.operation_name,
                "request": context.request_id,
                "returned": refs,
                "returned_count": count,
                "changed": [],
                "status": "errors" if result is not None and result.errors else "ok",
            }
        )
