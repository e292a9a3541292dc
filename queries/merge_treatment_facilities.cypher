// merge_treatment_facilities: upsert treatment facilities (污染防治设施) operated by an enterprise.
// params: rows: list<{key, uscc, props, src}> — key is "<USCC>:<code>"; load: string — the LoadRun id (provenance)
UNWIND $rows AS row
MATCH (e:Enterprise {uscc: row.uscc})
MERGE (t:TreatmentFacility {key: row.key})
WITH *, [k IN keys(row.props) WHERE t[k] IS NOT NULL AND coalesce(t[k] <> row.props[k], true)] AS changed
CALL (t, row, changed) {
  WITH t, row, changed WHERE size(changed) > 0 AND coalesce(t._load <> $load, true)
  CREATE (t)-[:CHANGED]->(:Change {load: $load, at: datetime(), previous_src: t._src, fields: changed,
    old: [k IN changed | CASE WHEN valueType(t[k]) STARTS WITH 'LIST'
                              THEN reduce(s = '', x IN t[k] | s + toString(x) + ';') ELSE toString(t[k]) END]})
}
SET t += row.props, t._src = row.src, t._load = $load
MERGE (e)-[r1:OPERATES]->(t) SET r1._src = row.src, r1._load = $load
RETURN count(*) AS matched
