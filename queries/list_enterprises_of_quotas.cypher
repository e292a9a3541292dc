// list_enterprises_of_quotas: the enterprise holding a quota (none for a regional quota); batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — Quota.id values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:Quota {id: key})
MATCH (s)<-[:HOLDS_QUOTA]-(n:Enterprise)
WITH key, n ORDER BY n.uscc
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
