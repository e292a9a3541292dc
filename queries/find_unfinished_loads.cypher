// find_unfinished_loads: loads that started and never completed (interrupted), newest first.
// params: none
MATCH (r:LoadRun) WHERE r.status = 'running'
RETURN r.id AS id, r.source AS source, toString(r.started_at) AS started_at ORDER BY r.started_at DESC
