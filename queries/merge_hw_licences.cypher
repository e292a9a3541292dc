// merge_hw_licences: upsert hazardous-waste operating licences (危险废物经营许可证) and their holders.
// params: rows: list<{key, uscc, props, src}> — key is the licence number; load: string — the LoadRun id (provenance)
UNWIND $rows AS row
MATCH (e:Enterprise {uscc: row.uscc})
MERGE (l:HazardousWasteLicence {number: row.key})
WITH *, [k IN keys(row.props) WHERE l[k] IS NOT NULL AND coalesce(l[k] <> row.props[k], true)] AS changed
CALL (l, row, changed) {
  WITH l, row, changed WHERE size(changed) > 0 AND coalesce(l._load <> $load, true)
  CREATE (l)-[:CHANGED]->(:Change {load: $load, at: datetime(), previous_src: l._src, fields: changed,
    old: [k IN changed | CASE WHEN valueType(l[k]) STARTS WITH 'LIST'
                              THEN reduce(s = '', x IN l[k] | s + toString(x) + ';') ELSE toString(l[k]) END]})
}
SET l += row.props, l._src = row.src, l._load = $load
MERGE (e)-[r1:HOLDS_LICENCE]->(l) SET r1._src = row.src, r1._load = $load
RETURN count(*) AS matched
