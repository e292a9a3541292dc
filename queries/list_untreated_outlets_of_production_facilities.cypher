// list_untreated_outlets_of_production_facilities: outlets a production facility discharges to without treatment; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — ProductionFacility.key values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:ProductionFacility {key: key})
MATCH (s)-[:DISCHARGES_TO]->(n:Outlet)
WITH key, n ORDER BY n.code
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
