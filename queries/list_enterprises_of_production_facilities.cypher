// list_enterprises_of_production_facilities: the enterprise operating a production facility; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — ProductionFacility.key values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:ProductionFacility {key: key})
MATCH (s)<-[:OPERATES]-(n:Enterprise)
WITH key, n ORDER BY n.uscc
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
