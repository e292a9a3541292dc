// list_eia_approvals_of_production_facilities: the EIA approvals that approved a production facility; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — ProductionFacility.key values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:ProductionFacility {key: key})
MATCH (s)<-[:APPROVES]-(n:EIAApproval)
WITH key, n ORDER BY n.approved_on DESC, n.doc_number
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
