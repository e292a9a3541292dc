// list_eia_approvals_of_permits: the EIA approvals incorporated into a permit (一证式); batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — Permit.number values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:Permit {number: key})
MATCH (s)-[:INCORPORATES]->(n:EIAApproval)
WITH key, n ORDER BY n.approved_on DESC, n.doc_number
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
