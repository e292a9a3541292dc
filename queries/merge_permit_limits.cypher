// merge_permit_limits: permitted concentration and annual amount per outlet (or enterprise-wide) and pollutant.
// params: rows: list<{key, permit, pollutant, outlet, props}> — outlet is an outlet key or null (enterprise-wide).
UNWIND $rows AS row
MATCH (p:Permit {number: row.permit})
MATCH (pol:Pollutant {code: row.pollutant})
OPTIONAL MATCH (o:Outlet {key: row.outlet})
WITH p, pol, o, row WHERE row.outlet IS NULL OR o IS NOT NULL
MERGE (l:PermitLimit {key: row.key})
SET l += row.props, l.outlet_key = row.outlet
MERGE (p)-[:SETS_LIMIT]->(l)
MERGE (l)-[:OF_POLLUTANT]->(pol)
FOREACH (_ IN CASE WHEN o IS NULL THEN [] ELSE [1] END |
  MERGE (l)-[:FOR_OUTLET]->(o)
  MERGE (p)-[:COVERS]->(o))
RETURN count(*) AS matched
