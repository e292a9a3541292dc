// list_emissions_of_execution_reports: actual emissions an execution report states per pollutant, next to the
// permitted annual amount for that pollutant (the enterprise-wide limit if the permit sets one, else the sum of
// its outlet limits; null when the permit sets no amount).
// params: keys: list<string> — ExecutionReport.key values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:ExecutionReport {key: key})-[r:REPORTS_EMISSION]->(n:Pollutant)
OPTIONAL MATCH (s)<-[:FILED]-(p:Permit)
CALL (p, n) {
  OPTIONAL MATCH (p)-[:SETS_LIMIT]->(l:PermitLimit)-[:OF_POLLUTANT]->(n)
  WHERE l.annual_amount_t IS NOT NULL
  WITH sum(CASE WHEN l.outlet_key IS NULL THEN l.annual_amount_t END) AS whole,
       sum(CASE WHEN l.outlet_key IS NOT NULL THEN l.annual_amount_t END) AS per_outlet, count(l) AS limits
  RETURN CASE WHEN limits = 0 THEN null WHEN whole > 0 THEN whole ELSE per_outlet END AS permitted
}
WITH key, n, r, permitted ORDER BY n.code
WITH key, collect(n {.*, actual_t: r.actual_t, permitted_t: permitted}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
