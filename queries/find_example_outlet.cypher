// find_example_outlet: an outlet with exceedances (or any outlet) and a permit covering it, for the demo's example
// queries (the trace, the one-permit view, the violation chain).
// params: none
MATCH (o:Outlet)
WITH o, COUNT { (o)<-[:AT_OUTLET]-(:Exceedance) } AS exceedances
ORDER BY exceedances DESC, o.key LIMIT 1
OPTIONAL MATCH (p:Permit)-[:COVERS]->(o)
RETURN o.key AS key, o.code AS code, exceedances, min(p.number) AS permit
