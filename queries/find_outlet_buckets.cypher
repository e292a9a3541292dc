// find_outlet_buckets: the monitoring buckets of some outlets (to re-derive their exceedances when limits change).
// params: outlets: list<string> — outlet keys
UNWIND $outlets AS okey
MATCH (:Outlet {key: okey})-[:HAS_SERIES]->(m:MonitoringMonth)
RETURN m.key AS key
