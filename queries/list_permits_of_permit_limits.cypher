// list_permits_of_permit_limits: the permit setting a limit; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — PermitLimit.key values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:PermitLimit {key: key})
MATCH (s)<-[:SETS_LIMIT]-(n:Permit)
WITH key, n ORDER BY n.number
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
