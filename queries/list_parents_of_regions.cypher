// list_parents_of_regions: the region one level up (county → prefecture → province); batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — Region.code values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:Region {code: key})
MATCH (s)-[:PART_OF]->(n:Region)
WITH key, n ORDER BY n.code
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
