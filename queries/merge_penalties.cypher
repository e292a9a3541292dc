// merge_penalties: penalty decisions (处罚决定书) that follow a violation.
// params: rows: list<{key, violation, props, src}> — key is the decision number; load: string — the LoadRun id (provenance)
UNWIND $rows AS row
MATCH (v:Violation {id: row.violation})
MERGE (pe:Penalty {decision_number: row.key})
WITH *, [k IN keys(row.props) WHERE pe[k] IS NOT NULL AND coalesce(pe[k] <> row.props[k], true)] AS changed
CALL (pe, row, changed) {
  WITH pe, row, changed WHERE size(changed) > 0 AND coalesce(pe._load <> $load, true)
  CREATE (pe)-[:CHANGED]->(:Change {load: $load, at: datetime(), previous_src: pe._src, fields: changed,
    old: [k IN changed | CASE WHEN valueType(pe[k]) STARTS WITH 'LIST'
                              THEN reduce(s = '', x IN pe[k] | s + toString(x) + ';') ELSE toString(pe[k]) END]})
}
SET pe += row.props, pe._src = row.src, pe._load = $load
MERGE (pe)-[r1:PENALISES]->(v) SET r1._src = row.src, r1._load = $load
RETURN count(*) AS matched
