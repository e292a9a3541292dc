// merge_violations: violations tied to their enterprise and, where known, inspection, permit, outlet, pollutant.
// params: rows: list<{key, uscc, inspection, permit, outlet, pollutant, props, src}> — optional refs are null; load: string — the LoadRun id (provenance)
UNWIND $rows AS row
MATCH (e:Enterprise {uscc: row.uscc})
MERGE (v:Violation {id: row.key})
WITH *, [k IN keys(row.props) WHERE v[k] IS NOT NULL AND coalesce(v[k] <> row.props[k], true)] AS changed
CALL (v, row, changed) {
  WITH v, row, changed WHERE size(changed) > 0 AND coalesce(v._load <> $load, true)
  CREATE (v)-[:CHANGED]->(:Change {load: $load, at: datetime(), previous_src: v._src, fields: changed,
    old: [k IN changed | CASE WHEN valueType(v[k]) STARTS WITH 'LIST'
                              THEN reduce(s = '', x IN v[k] | s + toString(x) + ';') ELSE toString(v[k]) END]})
}
SET v += row.props, v._src = row.src, v._load = $load
MERGE (v)-[r1:COMMITTED_BY]->(e) SET r1._src = row.src, r1._load = $load
WITH v, row
OPTIONAL MATCH (i:Inspection {id: row.inspection})
OPTIONAL MATCH (p:Permit {number: row.permit})
OPTIONAL MATCH (o:Outlet {key: row.outlet})
OPTIONAL MATCH (pol:Pollutant {code: row.pollutant})
FOREACH (_ IN CASE WHEN i IS NULL THEN [] ELSE [1] END | MERGE (i)-[r2:FOUND]->(v) SET r2._src = row.src, r2._load = $load)
FOREACH (_ IN CASE WHEN p IS NULL THEN [] ELSE [1] END | MERGE (v)-[r3:UNDER_PERMIT]->(p) SET r3._src = row.src, r3._load = $load)
FOREACH (_ IN CASE WHEN o IS NULL THEN [] ELSE [1] END | MERGE (v)-[r4:AT_OUTLET]->(o) SET r4._src = row.src, r4._load = $load)
FOREACH (_ IN CASE WHEN pol IS NULL THEN [] ELSE [1] END | MERGE (v)-[r5:OF_POLLUTANT]->(pol) SET r5._src = row.src, r5._load = $load)
RETURN count(*) AS matched
