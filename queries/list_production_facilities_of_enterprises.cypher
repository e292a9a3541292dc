// list_production_facilities_of_enterprises: the production facilities (生产设施) an enterprise operates; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — Enterprise.uscc values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:Enterprise {uscc: key})
MATCH (s)-[:OPERATES]->(n:ProductionFacility)
WITH key, n ORDER BY n.code
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
