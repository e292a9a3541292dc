// list_treatment_facilities_of_enterprises: the treatment facilities (治污设施) an enterprise operates; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — Enterprise.uscc values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:Enterprise {uscc: key})
MATCH (s)-[:OPERATES]->(n:TreatmentFacility)
WITH key, n ORDER BY n.code
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
