// finish_load_run: mark a load complete with its totals, and the extent of the monitoring it wrote (the last month
// of the buckets it wrote: how far its source's record goes, for the absence rules).
// params: id: string, rows: int, rejected: int
MATCH (r:LoadRun {id: $id})
CALL (r) {  // index-backed (MonitoringMonth._load)
  OPTIONAL MATCH (m:MonitoringMonth {_load: $id})
  RETURN max(m.month) AS monitoring_until
}
SET r.finished_at = datetime(), r.status = 'complete', r.rows = $rows, r.rejected = $rejected,
  r.monitoring_until = monitoring_until
RETURN r.id AS id
