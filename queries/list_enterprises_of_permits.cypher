// list_enterprises_of_permits: the enterprise holding a permit; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — Permit.number values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:Permit {number: key})
MATCH (s)<-[:HOLDS]-(n:Enterprise)
WITH key, n ORDER BY n.uscc
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
