// merge_production_facilities: upsert production facilities (生产设施) operated by an enterprise.
// params: rows: list<{key, uscc, props, src}> — key is "<USCC>:<code>"; load: string — the LoadRun id (provenance)
UNWIND $rows AS row
MATCH (e:Enterprise {uscc: row.uscc})
MERGE (f:ProductionFacility {key: row.key})
WITH *, [k IN keys(row.props) WHERE f[k] IS NOT NULL AND coalesce(f[k] <> row.props[k], true)] AS changed
CALL (f, row, changed) {
  WITH f, row, changed WHERE size(changed) > 0 AND coalesce(f._load <> $load, true)
  CREATE (f)-[:CHANGED]->(:Change {load: $load, at: datetime(), previous_src: f._src, fields: changed,
    old: [k IN changed | CASE WHEN valueType(f[k]) STARTS WITH 'LIST'
                              THEN reduce(s = '', x IN f[k] | s + toString(x) + ';') ELSE toString(f[k]) END]})
}
SET f += row.props, f._src = row.src, f._load = $load
MERGE (e)-[r1:OPERATES]->(f) SET r1._src = row.src, r1._load = $load
RETURN count(*) AS matched
