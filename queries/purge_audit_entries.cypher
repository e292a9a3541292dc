// purge_audit_entries: remove audit entries older than the retention (the only removal there is), a batch at a time.
// params: before: datetime — entries before it go; batch: int
MATCH (a:AuditEntry) WHERE a.at < $before
WITH a LIMIT $batch
DELETE a
RETURN count(*) AS purged
