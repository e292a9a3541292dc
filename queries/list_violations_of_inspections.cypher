// list_violations_of_inspections: the violations an inspection found; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — Inspection.id values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:Inspection {id: key})
MATCH (s)-[:FOUND]->(n:Violation)
WITH key, n ORDER BY n.date DESC, n.id
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
