// list_outlets_of_monitoring_months: the outlet a monitoring series belongs to; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — MonitoringMonth.key values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:MonitoringMonth {key: key})
MATCH (s)<-[:HAS_SERIES]-(n:Outlet)
WITH key, n ORDER BY n.key
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
