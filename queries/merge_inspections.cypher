// merge_inspections: enforcement inspections (执法检查) of an enterprise.
// params: rows: list<{key, uscc, props, src}> — key is the inspection id; load: string — the LoadRun id (provenance)
UNWIND $rows AS row
MATCH (e:Enterprise {uscc: row.uscc})
MERGE (i:Inspection {id: row.key})
WITH *, [k IN keys(row.props) WHERE i[k] IS NOT NULL AND coalesce(i[k] <> row.props[k], true)] AS changed
CALL (i, row, changed) {
  WITH i, row, changed WHERE size(changed) > 0 AND coalesce(i._load <> $load, true)
  CREATE (i)-[:CHANGED]->(:Change {load: $load, at: datetime(), previous_src: i._src, fields: changed,
    old: [k IN changed | CASE WHEN valueType(i[k]) STARTS WITH 'LIST'
                              THEN reduce(s = '', x IN i[k] | s + toString(x) + ';') ELSE toString(i[k]) END]})
}
SET i += row.props, i._src = row.src, i._load = $load
MERGE (i)-[r1:INSPECTED]->(e) SET r1._src = row.src, r1._load = $load
RETURN count(*) AS matched
