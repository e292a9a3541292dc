// list_outlets_of_permits: the outlets a permit covers; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — Permit.number values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:Permit {number: key})
MATCH (s)-[:COVERS]->(n:Outlet)
WITH key, n ORDER BY n.code
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
