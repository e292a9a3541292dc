// list_violations_of_enterprises: violations committed by an enterprise, newest first; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — Enterprise.uscc values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:Enterprise {uscc: key})
MATCH (s)<-[:COMMITTED_BY]-(n:Violation)
WITH key, n ORDER BY n.date DESC, n.id
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
