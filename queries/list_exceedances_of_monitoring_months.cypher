// list_exceedances_of_monitoring_months: the exceedances derived from a monitoring series, by date; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — MonitoringMonth.key values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:MonitoringMonth {key: key})
MATCH (s)-[:HAS_EXCEEDANCE]->(n:Exceedance)
WITH key, n ORDER BY n.date, n.key
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
