// find_inspections: a page of inspections 执法检查 — the enterprise's region/industry prefix, a kind, a result, a
// date window — newest first.
// params: region: string|null; industry: string|null; kind: string|null; result: string|null;
//   date_from: date|null; date_to: date|null; offset: int; first: int
CALL () {
  MATCH (i:Inspection)-[:INSPECTED]->(e:Enterprise)
  WHERE ($kind IS NULL OR i.kind = $kind) AND ($result IS NULL OR i.result = $result)
    AND ($date_from IS NULL OR i.date >= $date_from) AND ($date_to IS NULL OR i.date <= $date_to)
    AND ($region IS NULL OR e.region_code STARTS WITH $region)
    AND ($industry IS NULL OR e.industry_code STARTS WITH $industry)
  RETURN count(i) AS total
}
CALL () {
  MATCH (i:Inspection)-[:INSPECTED]->(e:Enterprise)
  WHERE ($kind IS NULL OR i.kind = $kind) AND ($result IS NULL OR i.result = $result)
    AND ($date_from IS NULL OR i.date >= $date_from) AND ($date_to IS NULL OR i.date <= $date_to)
    AND ($region IS NULL OR e.region_code STARTS WITH $region)
    AND ($industry IS NULL OR e.industry_code STARTS WITH $industry)
  WITH i ORDER BY i.date DESC, i.id SKIP $offset LIMIT $first
  RETURN collect(i {.*}) AS nodes
}
RETURN total, nodes
