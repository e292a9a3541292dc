// list_exceedances_of_outlets: exceedances (超标) at an outlet, newest first; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — Outlet.key values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:Outlet {key: key})
MATCH (s)<-[:AT_OUTLET]-(n:Exceedance)
WITH key, n ORDER BY n.date DESC, n.key
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
