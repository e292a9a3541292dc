// find_findings: a page of findings matching filters — rule, severity, status, the enterprise's region/industry
// prefix, a period window on when they were last seen — most severe and newest first.
// params: rule: string|null; severity: string|null; status: string|null — open/closed; region: string|null; industry: string|null; seen_from: date|null; seen_to: date|null; offset: int; first: int
CALL () {
  MATCH (f:Finding)
  WHERE ($rule IS NULL OR f.rule = $rule) AND ($severity IS NULL OR f.severity = $severity)
    AND ($status IS NULL OR f.status = $status)
    AND ($region IS NULL OR f.region_code STARTS WITH $region)
    AND ($industry IS NULL OR f.industry_code STARTS WITH $industry)
    AND ($seen_from IS NULL OR f.last_seen >= $seen_from) AND ($seen_to IS NULL OR f.last_seen <= $seen_to)
  RETURN count(f) AS total
}
CALL () {
  MATCH (f:Finding)
  WHERE ($rule IS NULL OR f.rule = $rule) AND ($severity IS NULL OR f.severity = $severity)
    AND ($status IS NULL OR f.status = $status)
    AND ($region IS NULL OR f.region_code STARTS WITH $region)
    AND ($industry IS NULL OR f.industry_code STARTS WITH $industry)
    AND ($seen_from IS NULL OR f.last_seen >= $seen_from) AND ($seen_to IS NULL OR f.last_seen <= $seen_to)
  WITH f ORDER BY CASE f.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END,
    f.last_seen DESC, f.key
  SKIP $offset LIMIT $first
  RETURN collect(f {.*}) AS nodes
}
RETURN total, nodes
