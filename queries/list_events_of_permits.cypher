// list_events_of_permits: a permit's history: issue, renewals, changes, revocation, in order; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — Permit.number values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:Permit {number: key})
MATCH (s)-[:HAS_EVENT]->(n:PermitEvent)
WITH key, n ORDER BY n.seq
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
