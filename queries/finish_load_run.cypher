// finish_load_run: mark a load complete with its totals.
// params: id: string, rows: int, rejected: int
MATCH (r:LoadRun {id: $id})
SET r.finished_at = datetime(), r.status = 'complete', r.rows = $rows, r.rejected = $rejected
RETURN r.id AS id
