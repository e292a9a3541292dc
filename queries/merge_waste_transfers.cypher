// merge_waste_transfers: hazardous-waste transfers (转移联单) from a generator to a receiving enterprise.
// params: rows: list<{key, from, to, props, src}> — key is the manifest number; from/to are USCCs; load: string — the LoadRun id (provenance)
UNWIND $rows AS row
MATCH (a:Enterprise {uscc: row.from})
MATCH (b:Enterprise {uscc: row.to})
MERGE (t:WasteTransfer {manifest_no: row.key})
WITH *, [k IN keys(row.props) WHERE t[k] IS NOT NULL AND coalesce(t[k] <> row.props[k], true)] AS changed
CALL (t, row, changed) {
  WITH t, row, changed WHERE size(changed) > 0 AND coalesce(t._load <> $load, true)
  CREATE (t)-[:CHANGED]->(:Change {load: $load, at: datetime(), previous_src: t._src, fields: changed,
    old: [k IN changed | CASE WHEN valueType(t[k]) STARTS WITH 'LIST'
                              THEN reduce(s = '', x IN t[k] | s + toString(x) + ';') ELSE toString(t[k]) END]})
}
SET t += row.props, t._src = row.src, t._load = $load
MERGE (a)-[r1:SHIPPED]->(t) SET r1._src = row.src, r1._load = $load
MERGE (t)-[r2:RECEIVED_BY]->(b) SET r2._src = row.src, r2._load = $load
RETURN count(*) AS matched
