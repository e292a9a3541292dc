// merge_eia_approvals: upsert EIA approvals (环评批复) obtained by an enterprise.
// params: rows: list<{key, uscc, props, src}> — key is the document number; load: string — the LoadRun id (provenance)
UNWIND $rows AS row
MATCH (e:Enterprise {uscc: row.uscc})
MERGE (a:EIAApproval {doc_number: row.key})
WITH *, [k IN keys(row.props) WHERE a[k] IS NOT NULL AND coalesce(a[k] <> row.props[k], true)] AS changed
CALL (a, row, changed) {
  WITH a, row, changed WHERE size(changed) > 0 AND coalesce(a._load <> $load, true)
  CREATE (a)-[:CHANGED]->(:Change {load: $load, at: datetime(), previous_src: a._src, fields: changed,
    old: [k IN changed | CASE WHEN valueType(a[k]) STARTS WITH 'LIST'
                              THEN reduce(s = '', x IN a[k] | s + toString(x) + ';') ELSE toString(a[k]) END]})
}
SET a += row.props, a._src = row.src, a._load = $load
MERGE (e)-[r1:OBTAINED]->(a) SET r1._src = row.src, r1._load = $load
RETURN count(*) AS matched
