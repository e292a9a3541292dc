// list_outlets_of_permit_limits: the outlet a limit applies to (none: enterprise-wide); batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — PermitLimit.key values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:PermitLimit {key: key})
MATCH (s)-[:FOR_OUTLET]->(n:Outlet)
WITH key, n ORDER BY n.key
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
