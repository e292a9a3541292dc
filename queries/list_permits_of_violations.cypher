// list_permits_of_violations: the permit a violation breaches; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — Violation.id values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:Violation {id: key})
MATCH (s)-[:UNDER_PERMIT]->(n:Permit)
WITH key, n ORDER BY n.number
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
