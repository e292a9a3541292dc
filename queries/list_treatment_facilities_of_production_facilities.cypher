// list_treatment_facilities_of_production_facilities: the treatment facilities a production facility feeds; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — ProductionFacility.key values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:ProductionFacility {key: key})
MATCH (s)-[:FEEDS]->(n:TreatmentFacility)
WITH key, n ORDER BY n.code
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
