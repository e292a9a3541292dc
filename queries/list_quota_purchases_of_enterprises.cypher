// list_quota_purchases_of_enterprises: the emissions trades (排污权交易) in which an enterprise bought quota, newest first; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — Enterprise.uscc values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:Enterprise {uscc: key})
MATCH (s)<-[:BOUGHT_BY]-(n:QuotaTrade)
WITH key, n ORDER BY n.date DESC, n.id
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
