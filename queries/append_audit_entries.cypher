// append_audit_entries: append a batch of audit-trail entries (one per authenticated request: who, the operation,
// the objects it returned, as <Label>:<key>); entries are only ever created here and by the mutations that write their
// own, and removed only by purge_audit_entries once older than the retention.
// params: rows: list<{id, at: datetime, subject, role, via, kind, operation, request, returned: list<string>, returned_count: int, status}>
UNWIND $rows AS row
CREATE (a:AuditEntry)
SET a = row
RETURN count(a) AS appended
