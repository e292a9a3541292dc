// merge_permits: upsert discharge permits (排污许可证) held by an enterprise.
// params: rows: list<{key, uscc, props, src}> — key is the 22-character permit number; load: string — the LoadRun id (provenance)
UNWIND $rows AS row
MATCH (e:Enterprise {uscc: row.uscc})
MERGE (p:Permit {number: row.key})
WITH *, [k IN keys(row.props) WHERE p[k] IS NOT NULL AND coalesce(p[k] <> row.props[k], true)] AS changed
CALL (p, row, changed) {
  WITH p, row, changed WHERE size(changed) > 0 AND coalesce(p._load <> $load, true)
  CREATE (p)-[:CHANGED]->(:Change {load: $load, at: datetime(), previous_src: p._src, fields: changed,
    old: [k IN changed | CASE WHEN valueType(p[k]) STARTS WITH 'LIST'
                              THEN reduce(s = '', x IN p[k] | s + toString(x) + ';') ELSE toString(p[k]) END]})
}
SET p += row.props, p._src = row.src, p._load = $load
MERGE (e)-[r1:HOLDS]->(p) SET r1._src = row.src, r1._load = $load
RETURN count(*) AS matched
