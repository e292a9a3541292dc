// list_limits_of_permits: the limits a permit sets, by pollutant; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — Permit.number values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:Permit {number: key})
MATCH (s)-[:SETS_LIMIT]->(n:PermitLimit)
WITH key, n ORDER BY n.pollutant_code, n.outlet_key
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
