// merge_permit_limits: permitted concentration and annual amount per outlet (or enterprise-wide) and pollutant.
// params: rows: list<{key, permit, pollutant, outlet, props, src}> — outlet is an outlet key or null (enterprise-wide); load: string — the LoadRun id (provenance)
UNWIND $rows AS row
MATCH (p:Permit {number: row.permit})
MATCH (pol:Pollutant {code: row.pollutant})
OPTIONAL MATCH (o:Outlet {key: row.outlet})
WITH p, pol, o, row WHERE row.outlet IS NULL OR o IS NOT NULL
MERGE (l:PermitLimit {key: row.key})
SET l += row.props, l.outlet_key = row.outlet
MERGE (p)-[r1:SETS_LIMIT]->(l) SET r1._src = row.src, r1._load = $load
MERGE (l)-[r2:OF_POLLUTANT]->(pol) SET r2._src = row.src, r2._load = $load
FOREACH (_ IN CASE WHEN o IS NULL THEN [] ELSE [1] END |
  MERGE (l)-[r3:FOR_OUTLET]->(o) SET r3._src = row.src, r3._load = $load
  MERGE (p)-[r4:COVERS]->(o) SET r4._src = row.src, r4._load = $load)
RETURN count(*) AS matched
