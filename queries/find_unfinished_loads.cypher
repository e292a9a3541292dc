// find_unfinished_loads: loads of this source that started and never completed (interrupted), newest first — a
// load of other files must not mark them complete.
// params: source: string
MATCH (r:LoadRun) WHERE r.status = 'running' AND r.source = $source
RETURN r.id AS id, r.source AS source, toString(r.started_at) AS started_at ORDER BY r.started_at DESC
