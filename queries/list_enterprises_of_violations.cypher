// list_enterprises_of_violations: the enterprise that committed a violation; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — Violation.id values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:Violation {id: key})
MATCH (s)-[:COMMITTED_BY]->(n:Enterprise)
WITH key, n ORDER BY n.uscc
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
