// finish_load_run: mark a load complete with its totals, and how far its source's record goes, for the absence rules:
// the last month of the monitoring buckets it wrote, the last due date of the execution reports it wrote.
// params: id: string, rows: int, rejected: int
MATCH (r:LoadRun {id: $id})
CALL (r) {  // index-backed (MonitoringMonth._load)
  OPTIONAL MATCH (m:MonitoringMonth {_load: $id})
  RETURN max(m.month) AS monitoring_until
}
CALL (r) {  // index-backed (ExecutionReport._load)
  OPTIONAL MATCH (x:ExecutionReport {_load: $id})
  RETURN max(x.due_on) AS reports_until
}
SET r.finished_at = datetime(), r.status = 'complete', r.rows = $rows, r.rejected = $rejected,
  r.monitoring_until = monitoring_until, r.reports_until = reports_until
RETURN r.id AS id
