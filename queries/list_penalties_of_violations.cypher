// list_penalties_of_violations: the penalties (行政处罚) that followed a violation; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — Violation.id values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:Violation {id: key})
MATCH (s)<-[:PENALISES]-(n:Penalty)
WITH key, n ORDER BY n.date, n.decision_number
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
