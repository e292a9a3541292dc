// list_quotas_of_regions: the regional total-amount quotas that cap a region, newest year first; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — Region.code values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:Region {code: key})
MATCH (s)<-[:CAPS]-(n:Quota)
WITH key, n ORDER BY n.year DESC, n.pollutant_code, n.id
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
