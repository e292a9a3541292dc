// find_audit_entries: a page of the audit trail, newest first — by subject, operation, kind (request or mutation)
// and a time window; the ids an entry returned or changed match `object` when given.
// params: subject: string|null; operation: string|null; kind: string|null; object: string|null — <Label>:<key> of an object; since: datetime|null; until: datetime|null; offset: int; first: int
CALL () {
  MATCH (a:AuditEntry)
  WHERE ($subject IS NULL OR a.subject = $subject) AND ($operation IS NULL OR a.operation = $operation)
    AND ($kind IS NULL OR a.kind = $kind) AND ($since IS NULL OR a.at >= $since) AND ($until IS NULL OR a.at < $until)
    AND ($object IS NULL OR $object IN a.returned OR $object IN a.changed)
  RETURN count(a) AS total
}
CALL () {
  MATCH (a:AuditEntry)
  WHERE ($subject IS NULL OR a.subject = $subject) AND ($operation IS NULL OR a.operation = $operation)
    AND ($kind IS NULL OR a.kind = $kind) AND ($since IS NULL OR a.at >= $since) AND ($until IS NULL OR a.at < $until)
    AND ($object IS NULL OR $object IN a.returned OR $object IN a.changed)
  WITH a ORDER BY a.at DESC, a.id
  SKIP $offset LIMIT $first
  RETURN collect(a {.*}) AS nodes
}
RETURN total, nodes
