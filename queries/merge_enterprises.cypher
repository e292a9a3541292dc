// merge_enterprises: upsert enterprises (排污单位) and link them to their region and industry; a link to an
// old region or industry is removed when the source changes it.
// params: rows: list<{key, props, src}> — key is the USCC; props holds region_code and industry_code; load: string — the LoadRun id (provenance)
UNWIND $rows AS row
MERGE (e:Enterprise {uscc: row.key})
WITH *, [k IN keys(row.props) WHERE e[k] IS NOT NULL AND coalesce(e[k] <> row.props[k], true)] AS changed
CALL (e, row, changed) {
  WITH e, row, changed WHERE size(changed) > 0 AND coalesce(e._load <> $load, true)
  CREATE (e)-[:CHANGED]->(:Change {load: $load, at: datetime(), previous_src: e._src, fields: changed,
    old: [k IN changed | CASE WHEN valueType(e[k]) STARTS WITH 'LIST'
                              THEN reduce(s = '', x IN e[k] | s + toString(x) + ';') ELSE toString(e[k]) END]})
}
SET e += row.props, e._src = row.src, e._load = $load
WITH e, row
CALL (e, row) {
  OPTIONAL MATCH (e)-[old:LOCATED_IN]->(r0:Region) WHERE r0.code <> row.props.region_code
  DELETE old
}
CALL (e, row) {
  OPTIONAL MATCH (e)-[old:IN_INDUSTRY]->(i0:Industry) WHERE i0.code <> row.props.industry_code
  DELETE old
}
MATCH (r:Region {code: row.props.region_code})
MATCH (i:Industry {code: row.props.industry_code})
MERGE (e)-[r1:LOCATED_IN]->(r) SET r1._src = row.src, r1._load = $load
MERGE (e)-[r2:IN_INDUSTRY]->(i) SET r2._src = row.src, r2._load = $load
RETURN count(*) AS matched
