// list_permits_of_outlets: the permits covering an outlet; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — Outlet.key values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:Outlet {key: key})
MATCH (s)<-[:COVERS]-(n:Permit)
WITH key, n ORDER BY n.valid_from DESC, n.number
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
