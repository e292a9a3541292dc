// get_monitoring_months: MonitoringMonth nodes by their natural key (key), for GraphQL node(id:) and batched look-ups.
// params: keys: list<string> — MonitoringMonth.key values
UNWIND $keys AS key
MATCH (n:MonitoringMonth {key: key})
RETURN key, 1 AS total, [n {.*}] AS nodes
