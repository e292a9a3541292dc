// list_series_of_outlets: monthly monitoring series of an outlet, newest month first; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — Outlet.key values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:Outlet {key: key})
MATCH (s)-[:HAS_SERIES]->(n:MonitoringMonth)
WITH key, n ORDER BY n.month DESC, n.pollutant, n.method
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
