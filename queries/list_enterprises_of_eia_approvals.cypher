// list_enterprises_of_eia_approvals: the enterprise that obtained an EIA approval; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — EIAApproval.doc_number values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:EIAApproval {doc_number: key})
MATCH (s)<-[:OBTAINED]-(n:Enterprise)
WITH key, n ORDER BY n.uscc
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
