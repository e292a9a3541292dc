// merge_permit_limits: permitted concentration and annual amount per outlet (or enterprise-wide) and pollutant,
// with provenance and change history like every other entity (a changed limit keeps its old values in a Change).
// params: rows: list<{key, permit, pollutant, outlet, props, src}> — outlet is an outlet key or null (enterprise-wide); load: string — the LoadRun id (provenance)
UNWIND $rows AS row
MATCH (p:Permit {number: row.permit})
MATCH (pol:Pollutant {code: row.pollutant})
OPTIONAL MATCH (o:Outlet {key: row.outlet})
WITH p, pol, o, row WHERE row.outlet IS NULL OR o IS NOT NULL
MERGE (l:PermitLimit {key: row.key})
WITH *, [k IN keys(row.props) WHERE l[k] IS NOT NULL AND coalesce(l[k] <> row.props[k], true)] AS changed
CALL (l, row, changed) {
  WITH l, row, changed WHERE size(changed) > 0 AND coalesce(l._load <> $load, true)
  CREATE (l)-[:CHANGED]->(:Change {load: $load, at: datetime(), previous_src: l._src, fields: changed,
    old: [k IN changed | CASE WHEN valueType(l[k]) STARTS WITH 'LIST'
                              THEN reduce(s = '', x IN l[k] | s + toString(x) + ';') ELSE toString(l[k]) END]})
}
SET l += row.props, l.outlet_key = row.outlet, l._src = row.src, l._load = $load
MERGE (p)-[r1:SETS_LIMIT]->(l) SET r1._src = row.src, r1._load = $load
MERGE (l)-[r2:OF_POLLUTANT]->(pol) SET r2._src = row.src, r2._load = $load
FOREACH (_ IN CASE WHEN o IS NULL THEN [] ELSE [1] END |
  MERGE (l)-[r3:FOR_OUTLET]->(o) SET r3._src = row.src, r3._load = $load
  MERGE (p)-[r4:COVERS]->(o) SET r4._src = row.src, r4._load = $load)
RETURN count(*) AS matched
