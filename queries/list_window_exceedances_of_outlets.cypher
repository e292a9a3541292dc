// list_window_exceedances_of_outlets: an outlet's exceedances between two days, one pollutant or all, in the
// order asked (newest, oldest or largest ratio first); batched over many outlets.
// params: keys: list<string> — Outlet.key values; pollutant: string|null — HJ 212 code (null: every pollutant);
//   since: date|null — the first day; until: date|null — the last day; sort: string — newest|oldest|largest;
//   offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:Outlet {key: key})
CALL (s) {
  MATCH (s)<-[:AT_OUTLET]-(n:Exceedance)
  WHERE ($pollutant IS NULL OR n.pollutant = $pollutant)
    AND ($since IS NULL OR n.date >= $since) AND ($until IS NULL OR n.date <= $until)
  WITH n ORDER BY CASE $sort WHEN 'largest' THEN -n.ratio END, CASE $sort WHEN 'oldest' THEN n.date END,
    n.date DESC, n.key
  RETURN collect(n {.*}) AS items
}
WITH key, items WHERE size(items) > 0
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
