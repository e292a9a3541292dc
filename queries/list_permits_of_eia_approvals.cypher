// list_permits_of_eia_approvals: the permits incorporating an EIA approval; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — EIAApproval.doc_number values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:EIAApproval {doc_number: key})
MATCH (s)<-[:INCORPORATES]-(n:Permit)
WITH key, n ORDER BY n.number
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
