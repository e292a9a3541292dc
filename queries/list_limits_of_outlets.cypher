// list_limits_of_outlets: the permitted limits (许可排放限值) set for an outlet; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — Outlet.key values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:Outlet {key: key})
MATCH (s)<-[:FOR_OUTLET]-(n:PermitLimit)
WITH key, n ORDER BY n.pollutant_code, n.key
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
