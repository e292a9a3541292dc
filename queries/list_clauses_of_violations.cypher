// list_clauses_of_violations: the permit clause a violation breaches — the limit its permit sets for the
// violation's pollutant at its outlet (or enterprise-wide).
// params: keys: list<string> — Violation.id values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:Violation {id: key})-[:UNDER_PERMIT]->(:Permit)-[:SETS_LIMIT]->(n:PermitLimit)
WHERE n.pollutant_code = s.pollutant_code
  AND (n.outlet_key IS NULL OR EXISTS { MATCH (s)-[:AT_OUTLET]->(o:Outlet) WHERE o.key = n.outlet_key })
WITH key, n ORDER BY n.outlet_key, n.key
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
