// list_eia_approvals_of_enterprises: the EIA approvals (环评批复) an enterprise obtained, newest first; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — Enterprise.uscc values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:Enterprise {uscc: key})
MATCH (s)-[:OBTAINED]->(n:EIAApproval)
WITH key, n ORDER BY n.approved_on DESC, n.doc_number
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
