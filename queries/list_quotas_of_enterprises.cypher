// list_quotas_of_enterprises: the total-amount quotas (总量控制指标) an enterprise holds, newest year first; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — Enterprise.uscc values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:Enterprise {uscc: key})
MATCH (s)-[:HOLDS_QUOTA]->(n:Quota)
WITH key, n ORDER BY n.year DESC, n.pollutant_code, n.id
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
