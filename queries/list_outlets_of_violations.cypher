// list_outlets_of_violations: the outlet a violation concerns; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — Violation.id values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:Violation {id: key})
MATCH (s)-[:AT_OUTLET]->(n:Outlet)
WITH key, n ORDER BY n.key
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
