// get_quota_trades: QuotaTrade nodes by their natural key (id), for GraphQL node(id:) and batched look-ups.
// params: keys: list<string> — QuotaTrade.id values
UNWIND $keys AS key
MATCH (n:QuotaTrade {id: key})
RETURN key, 1 AS total, [n {.*}] AS nodes
