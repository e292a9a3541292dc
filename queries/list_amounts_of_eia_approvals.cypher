// list_amounts_of_eia_approvals: the annual amounts an EIA approval allows per pollutant (tonnes); batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — EIAApproval.doc_number values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:EIAApproval {doc_number: key})
MATCH (s)-[r:APPROVES_AMOUNT]->(n:Pollutant)
WITH key, n, r ORDER BY n.code
WITH key, collect(n {.*, amount_t: r.amount_t}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
