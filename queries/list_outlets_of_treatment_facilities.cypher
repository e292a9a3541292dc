// list_outlets_of_treatment_facilities: the outlets a treatment facility discharges to; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — TreatmentFacility.key values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:TreatmentFacility {key: key})
MATCH (s)-[:DISCHARGES_TO]->(n:Outlet)
WITH key, n ORDER BY n.code
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
