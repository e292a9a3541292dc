// get_quotas: Quota nodes by their natural key (id), for GraphQL node(id:) and batched look-ups.
// params: keys: list<string> — Quota.id values
UNWIND $keys AS key
MATCH (n:Quota {id: key})
RETURN key, 1 AS total, [n {.*}] AS nodes
