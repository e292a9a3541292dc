// list_inspections_of_permits: inspections of the permit holder, newest first; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — Permit.number values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:Permit {number: key})
MATCH (s)<-[:HOLDS]-(:Enterprise)<-[:INSPECTED]-(n:Inspection)
WITH key, n ORDER BY n.date DESC, n.id
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
