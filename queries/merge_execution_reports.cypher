// merge_execution_reports: execution reports (执行报告) filed under a permit, by period.
// params: rows: list<{key, permit, props, src}> — key is "<permit number>:<period>"; load: string — the LoadRun id (provenance)
UNWIND $rows AS row
MATCH (p:Permit {number: row.permit})
MERGE (r:ExecutionReport {key: row.key})
WITH *, [k IN keys(row.props) WHERE r[k] IS NOT NULL AND coalesce(r[k] <> row.props[k], true)] AS changed
CALL (r, row, changed) {
  WITH r, row, changed WHERE size(changed) > 0 AND coalesce(r._load <> $load, true)
  CREATE (r)-[:CHANGED]->(:Change {load: $load, at: datetime(), previous_src: r._src, fields: changed,
    old: [k IN changed | CASE WHEN valueType(r[k]) STARTS WITH 'LIST'
                              THEN reduce(s = '', x IN r[k] | s + toString(x) + ';') ELSE toString(r[k]) END]})
}
SET r += row.props, r._src = row.src, r._load = $load
MERGE (p)-[r1:FILED]->(r) SET r1._src = row.src, r1._load = $load
RETURN count(*) AS matched
