// list_regions_of_findings: the region a regional finding concerns (none for a finding about an enterprise); batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — Finding.key values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:Finding {key: key})
MATCH (s)-[:CONCERNS]->(n:Region)
WITH key, n ORDER BY n.code
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
