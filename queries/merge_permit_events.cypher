// merge_permit_events: a permit's history (first issue, renewals, changes, revocation) with validity windows.
// params: rows: list<{key, permit, props, src}> — key is "<permit number>#<seq>"; load: string — the LoadRun id (provenance)
UNWIND $rows AS row
MATCH (p:Permit {number: row.permit})
MERGE (ev:PermitEvent {key: row.key})
WITH *, [k IN keys(row.props) WHERE ev[k] IS NOT NULL AND coalesce(ev[k] <> row.props[k], true)] AS changed
CALL (ev, row, changed) {
  WITH ev, row, changed WHERE size(changed) > 0 AND coalesce(ev._load <> $load, true)
  CREATE (ev)-[:CHANGED]->(:Change {load: $load, at: datetime(), previous_src: ev._src, fields: changed,
    old: [k IN changed | CASE WHEN valueType(ev[k]) STARTS WITH 'LIST'
                              THEN reduce(s = '', x IN ev[k] | s + toString(x) + ';') ELSE toString(ev[k]) END]})
}
SET ev += row.props, ev._src = row.src, ev._load = $load
MERGE (p)-[r1:HAS_EVENT]->(ev) SET r1._src = row.src, r1._load = $load
RETURN count(*) AS matched
