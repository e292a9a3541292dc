// list_permits_of_enterprises: the permits an enterprise holds, newest validity first; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — Enterprise.uscc values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:Enterprise {uscc: key})
MATCH (s)-[:HOLDS]->(n:Permit)
WITH key, n ORDER BY n.valid_from DESC, n.number
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
