// list_sources_of_treatment_facilities: the production facilities feeding a treatment facility; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — TreatmentFacility.key values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:TreatmentFacility {key: key})
MATCH (s)<-[:FEEDS]-(n:ProductionFacility)
WITH key, n ORDER BY n.code
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
