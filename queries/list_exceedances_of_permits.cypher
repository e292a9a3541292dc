// list_exceedances_of_permits: exceedances at the outlets a permit covers, newest first; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — Permit.number values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:Permit {number: key})
MATCH (s)-[:COVERS]->(:Outlet)<-[:AT_OUTLET]-(n:Exceedance)
WITH key, n ORDER BY n.date DESC, n.key
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
