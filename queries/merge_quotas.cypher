// merge_quotas: upsert total-amount control quotas (总量控制指标) with what each caps — a region at any level
// (CAPS) or an enterprise (HOLDS_QUOTA) — and its pollutant; a link the source no longer gives is removed.
// params: rows: list<{key, uscc, region, pollutant, props, src}> — key is the quota id; exactly one of uscc and region is set; load: string — the LoadRun id (provenance)
UNWIND $rows AS row
MATCH (pol:Pollutant {code: row.pollutant})
OPTIONAL MATCH (e:Enterprise {uscc: row.uscc})
OPTIONAL MATCH (g:Region {code: row.region})
WITH * WHERE e IS NOT NULL OR g IS NOT NULL
MERGE (q:Quota {id: row.key})
WITH *, [k IN keys(row.props) WHERE q[k] IS NOT NULL AND coalesce(q[k] <> row.props[k], true)] AS changed
CALL (q, row, changed) {
  WITH q, row, changed WHERE size(changed) > 0 AND coalesce(q._load <> $load, true)
  CREATE (q)-[:CHANGED]->(:Change {load: $load, at: datetime(), previous_src: q._src, fields: changed,
    old: [k IN changed | toString(q[k])]})
}
SET q += row.props, q._src = row.src, q._load = $load
WITH q, e, g, pol, row
CALL (q, e, g, pol) {
  OPTIONAL MATCH (q)-[old:CAPS|OF_POLLUTANT]->(x) WHERE NOT x IN [y IN [g, pol] WHERE y IS NOT NULL]
  DELETE old
}
CALL (q, e) {
  OPTIONAL MATCH (q)<-[old:HOLDS_QUOTA]-(x) WHERE x <> e OR e IS NULL
  DELETE old
}
MERGE (q)-[r1:OF_POLLUTANT]->(pol) SET r1._src = row.src, r1._load = $load
FOREACH (_ IN CASE WHEN e IS NULL THEN [] ELSE [1] END |
  MERGE (e)-[r2:HOLDS_QUOTA]->(q) SET r2._src = row.src, r2._load = $load)
FOREACH (_ IN CASE WHEN g IS NULL THEN [] ELSE [1] END |
  MERGE (q)-[r3:CAPS]->(g) SET r3._src = row.src, r3._load = $load)
RETURN count(*) AS matched
