// list_regions_of_enterprises: the county-level region an enterprise is located in; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — Enterprise.uscc values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:Enterprise {uscc: key})
MATCH (s)-[:LOCATED_IN]->(n:Region)
WITH key, n ORDER BY n.code
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
