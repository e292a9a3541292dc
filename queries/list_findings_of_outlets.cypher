// list_findings_of_outlets: findings whose evidence includes this Outlet (open first, most severe, newest).
// params: keys: list<string> — Outlet.key values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:Outlet {key: key})<-[:EVIDENCE]-(n:Finding)
WITH key, n ORDER BY n.status DESC, CASE n.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END, n.last_seen DESC, n.key
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
