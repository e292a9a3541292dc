// list_enterprises_of_hw_licences: the holder of a hazardous-waste licence; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — HazardousWasteLicence.number values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:HazardousWasteLicence {number: key})
MATCH (s)<-[:HOLDS_LICENCE]-(n:Enterprise)
WITH key, n ORDER BY n.uscc
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
