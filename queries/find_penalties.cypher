// find_penalties: a page of penalties 行政处罚 — the offender's region/industry prefix, the deciding authority, a
// date window, a least amount — newest first.
// params: region: string|null; industry: string|null; authority: string|null; amount_from: float|null — yuan;
//   date_from: date|null; date_to: date|null; offset: int; first: int
CALL () {
  MATCH (p:Penalty)-[:PENALISES]->(:Violation)-[:COMMITTED_BY]->(e:Enterprise)
  WHERE ($authority IS NULL OR p.authority = $authority) AND ($amount_from IS NULL OR p.amount_yuan >= $amount_from)
    AND ($date_from IS NULL OR p.date >= $date_from) AND ($date_to IS NULL OR p.date <= $date_to)
    AND ($region IS NULL OR e.region_code STARTS WITH $region)
    AND ($industry IS NULL OR e.industry_code STARTS WITH $industry)
  RETURN count(p) AS total
}
CALL () {
  MATCH (p:Penalty)-[:PENALISES]->(:Violation)-[:COMMITTED_BY]->(e:Enterprise)
  WHERE ($authority IS NULL OR p.authority = $authority) AND ($amount_from IS NULL OR p.amount_yuan >= $amount_from)
    AND ($date_from IS NULL OR p.date >= $date_from) AND ($date_to IS NULL OR p.date <= $date_to)
    AND ($region IS NULL OR e.region_code STARTS WITH $region)
    AND ($industry IS NULL OR e.industry_code STARTS WITH $industry)
  WITH p ORDER BY p.date DESC, p.decision_number SKIP $offset LIMIT $first
  RETURN collect(p {.*}) AS nodes
}
RETURN total, nodes
