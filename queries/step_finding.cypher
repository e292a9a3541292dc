// step_finding: one step of a finding's workflow taken by an inspector or an admin (confirm, dismiss, order
// rectification 限期整改, record rectification, close): the finding moves to `stage` only from one of `from` and only
// when it lies in the caller's regions (none given: anywhere); the step is an event in its history and an entry in
// the audit trail, written in the same transaction, so no step lands without both. Taking the finding's write lock
// first makes two concurrent steps queue: the second sees the first's stage.
// params: key: string — Finding.key; stage: string — confirmed, dismissed, ordered, rectified or closed; from: list<string> — the stages it may move from ('detected': none yet); reason: string|null; deadline: date|null — for an order; document: string|null — the order's number; regions: list<string> — the caller's region prefixes, empty for everywhere; audit: map — {id, subject, role, via, operation, field, request, changed}
MATCH (f:Finding {key: $key})
SET f.stage_lock = $audit.id
WITH f, coalesce(f.stage, 'detected') AS was,
  size($regions) = 0 OR any(p IN $regions WHERE coalesce(f.region_code, '') STARTS WITH p) AS in_scope
CALL (f, was, in_scope) {
  WITH f WHERE was IN $from AND in_scope
  SET f.stage = $stage, f.stage_on = date(),
    f.deadline = CASE WHEN $stage = 'ordered' THEN $deadline ELSE f.deadline END,
    f.order_document = CASE WHEN $stage = 'ordered' THEN $document ELSE f.order_document END
  CREATE (f)-[:HAS_EVENT]->(:FindingEvent {at: datetime(), day: date(), kind: $stage, by: $audit.subject,
    reason: $reason, deadline: $deadline, document: $document})
  CREATE (:AuditEntry {id: $audit.id, at: datetime(), subject: $audit.subject, role: $audit.role, via: $audit.via,
    kind: 'mutation', operation: $audit.operation, field: $audit.field, request: $audit.request,
    changed: [$audit.changed], returned: [], status: 'ok'})
  RETURN count(*) AS done
}
REMOVE f.stage_lock
RETURN f {.*} AS finding, was, in_scope, done > 0 AS done
