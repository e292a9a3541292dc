// find_violations: a page of violations matching filters — type, article, the enterprise's region/industry
// prefix, a date window — newest first (the reverse of the enterprise-to-violation chain).
// params: type: string|null — violation type (e.g. 超过许可排放浓度排放); article: string|null — article of 排污许可管理条例; region: string|null; industry: string|null; date_from: date|null; date_to: date|null; offset: int; first: int
CALL () {
  MATCH (v:Violation)-[:COMMITTED_BY]->(e:Enterprise)
  WHERE ($type IS NULL OR v.type = $type) AND ($article IS NULL OR v.article = $article)
    AND ($region IS NULL OR e.region_code STARTS WITH $region)
    AND ($industry IS NULL OR e.industry_code STARTS WITH $industry)
    AND ($date_from IS NULL OR v.date >= $date_from) AND ($date_to IS NULL OR v.date <= $date_to)
  RETURN count(v) AS total
}
CALL () {
  MATCH (v:Violation)-[:COMMITTED_BY]->(e:Enterprise)
  WHERE ($type IS NULL OR v.type = $type) AND ($article IS NULL OR v.article = $article)
    AND ($region IS NULL OR e.region_code STARTS WITH $region)
    AND ($industry IS NULL OR e.industry_code STARTS WITH $industry)
    AND ($date_from IS NULL OR v.date >= $date_from) AND ($date_to IS NULL OR v.date <= $date_to)
  WITH v ORDER BY v.date DESC, v.id SKIP $offset LIMIT $first
  RETURN collect(v {.*}) AS nodes
}
RETURN total, nodes
