// list_violations_of_penalties: the violation a penalty punishes; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — Penalty.decision_number values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:Penalty {decision_number: key})
MATCH (s)-[:PENALISES]->(n:Violation)
WITH key, n ORDER BY n.id
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
