// list_window_series_of_outlets: an outlet's monthly monitoring series in a window, one pollutant or all, oldest
// month first (what a chart of values against limits draws); batched over many outlets.
// params: keys: list<string> — Outlet.key values; pollutant: string|null — HJ 212 code (null: every pollutant);
//   since: date|null — the first day (its month's bucket is included); until: date|null — the last day;
//   offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:Outlet {key: key})
WITH key, s,
  CASE WHEN $since IS NULL THEN NULL ELSE date.truncate('month', $since) END AS from_month
CALL (s, from_month) {
  MATCH (s)-[:HAS_SERIES]->(n:MonitoringMonth)
  WHERE ($pollutant IS NULL OR n.pollutant = $pollutant)
    AND (from_month IS NULL OR n.month >= from_month) AND ($until IS NULL OR n.month <= $until)
  WITH n ORDER BY n.month, n.pollutant, n.method, n.key
  RETURN collect(n {.*}) AS items
}
WITH key, items WHERE size(items) > 0
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
