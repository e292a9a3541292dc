// count_window_exceedances_of_outlets: per outlet, how many limits judge it, how many of its exceedances fall
// between two days, and how many monitoring months with values touch that window (Outlet.compliant with a period:
// null when nothing was monitored in it).
// params: keys: list<string> — Outlet keys; since: date|null — the first day (null: from the start); until:
//   date|null — the last day (null: to the end)
UNWIND $keys AS key
MATCH (o:Outlet {key: key})
RETURN key, COUNT { (o)<-[:FOR_OUTLET]-(:PermitLimit) } AS limits,
  COUNT { (o)<-[:AT_OUTLET]-(x:Exceedance) WHERE ($since IS NULL OR x.date >= $since)
    AND ($until IS NULL OR x.date <= $until) } AS exceedances,
  COUNT { (o)-[:HAS_SERIES]->(m:MonitoringMonth) WHERE m.count > 0
    AND ($since IS NULL OR m.month >= date.truncate('month', $since)) AND ($until IS NULL OR m.month <= $until) }
    AS judged
