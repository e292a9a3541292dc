// list_sellers_of_quota_trades: the enterprise that sold the quota in a trade; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — QuotaTrade.id values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:QuotaTrade {id: key})
MATCH (s)<-[:SOLD_QUOTA]-(n:Enterprise)
WITH key, n ORDER BY n.uscc
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
