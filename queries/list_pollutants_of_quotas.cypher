// list_pollutants_of_quotas: the pollutant a quota is for; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — Quota.id values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:Quota {id: key})
MATCH (s)-[:OF_POLLUTANT]->(n:Pollutant)
WITH key, n ORDER BY n.code
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
