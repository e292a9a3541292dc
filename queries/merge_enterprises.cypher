// merge_enterprises: upsert enterprises (排污单位) and link them to their region and industry; a link to an
// old region or industry is removed when the source changes it.
// params: rows: list<{key, props}> — key is the USCC; props holds region_code and industry_code.
UNWIND $rows AS row
MERGE (e:Enterprise {uscc: row.key})
SET e += row.props
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
MERGE (e)-[:LOCATED_IN]->(r)
MERGE (e)-[:IN_INDUSTRY]->(i)
RETURN count(*) AS matched
