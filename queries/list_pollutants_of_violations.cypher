// list_pollutants_of_violations: the pollutant a violation concerns; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — Violation.id values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:Violation {id: key})
MATCH (s)-[:OF_POLLUTANT]->(n:Pollutant)
WITH key, n ORDER BY n.code
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
