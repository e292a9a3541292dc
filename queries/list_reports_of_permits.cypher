// list_reports_of_permits: execution reports (执行报告) filed under a permit, newest period first; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — Permit.number values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:Permit {number: key})
MATCH (s)-[:FILED]->(n:ExecutionReport)
WITH key, n ORDER BY n.due_on DESC, n.period DESC
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
