// list_untreated_sources_of_outlets: production facilities discharging to an outlet without treatment; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — Outlet.key values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:Outlet {key: key})
MATCH (s)<-[:DISCHARGES_TO]-(n:ProductionFacility)
WITH key, n ORDER BY n.code
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
