// list_permits_of_execution_reports: the permit an execution report was filed under; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — ExecutionReport.key values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:ExecutionReport {key: key})
MATCH (s)<-[:FILED]-(n:Permit)
WITH key, n ORDER BY n.number
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
