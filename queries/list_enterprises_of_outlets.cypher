// list_enterprises_of_outlets: the enterprise an outlet belongs to; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — Outlet.key values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:Outlet {key: key})
MATCH (s)<-[:HAS_OUTLET]-(n:Enterprise)
WITH key, n ORDER BY n.uscc
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
