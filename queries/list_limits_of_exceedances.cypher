// list_limits_of_exceedances: the permitted limit an exceedance broke; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — Exceedance.key values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:Exceedance {key: key})
MATCH (s)-[:AGAINST_LIMIT]->(n:PermitLimit)
WITH key, n ORDER BY n.key
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
