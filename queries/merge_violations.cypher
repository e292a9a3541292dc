// merge_violations: violations tied to their enterprise and, where known, inspection, permit, outlet, pollutant.
// params: rows: list<{key, uscc, inspection, permit, outlet, pollutant, props}> — optional refs are null.
UNWIND $rows AS row
MATCH (e:Enterprise {uscc: row.uscc})
MERGE (v:Violation {id: row.key})
SET v += row.props
MERGE (v)-[:COMMITTED_BY]->(e)
WITH v, row
OPTIONAL MATCH (i:Inspection {id: row.inspection})
OPTIONAL MATCH (p:Permit {number: row.permit})
OPTIONAL MATCH (o:Outlet {key: row.outlet})
OPTIONAL MATCH (pol:Pollutant {code: row.pollutant})
FOREACH (_ IN CASE WHEN i IS NULL THEN [] ELSE [1] END | MERGE (i)-[:FOUND]->(v))
FOREACH (_ IN CASE WHEN p IS NULL THEN [] ELSE [1] END | MERGE (v)-[:UNDER_PERMIT]->(p))
FOREACH (_ IN CASE WHEN o IS NULL THEN [] ELSE [1] END | MERGE (v)-[:AT_OUTLET]->(o))
FOREACH (_ IN CASE WHEN pol IS NULL THEN [] ELSE [1] END | MERGE (v)-[:OF_POLLUTANT]->(pol))
RETURN count(*) AS matched
