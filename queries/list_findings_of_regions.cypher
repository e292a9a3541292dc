// list_findings_of_regions: findings about a region (regional quotas) (open first, most severe, newest).
// params: keys: list<string> — Region.code values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:Region {code: key})<-[:CONCERNS]-(n:Finding)
WITH key, n ORDER BY n.status DESC, CASE n.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END, n.last_seen DESC, n.key
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
