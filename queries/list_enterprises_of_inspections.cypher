// list_enterprises_of_inspections: the enterprise inspected; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — Inspection.id values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:Inspection {id: key})
MATCH (s)-[:INSPECTED]->(n:Enterprise)
WITH key, n ORDER BY n.uscc
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
