// merge_outlets: upsert outlets (排放口) of an enterprise.
// params: rows: list<{key, uscc, props, src}> — key is "<USCC>:<code>"; load: string — the LoadRun id (provenance)
UNWIND $rows AS row
MATCH (e:Enterprise {uscc: row.uscc})
MERGE (o:Outlet {key: row.key})
WITH *, [k IN keys(row.props) WHERE o[k] IS NOT NULL AND coalesce(o[k] <> row.props[k], true)] AS changed
CALL (o, row, changed) {
  WITH o, row, changed WHERE size(changed) > 0 AND coalesce(o._load <> $load, true)
  CREATE (o)-[:CHANGED]->(:Change {load: $load, at: datetime(), previous_src: o._src, fields: changed,
    old: [k IN changed | CASE WHEN valueType(o[k]) STARTS WITH 'LIST'
                              THEN reduce(s = '', x IN o[k] | s + toString(x) + ';') ELSE toString(o[k]) END]})
}
SET o += row.props, o._src = row.src, o._load = $load
MERGE (e)-[r1:HAS_OUTLET]->(o) SET r1._src = row.src, r1._load = $load
RETURN count(*) AS matched
