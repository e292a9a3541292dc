// find_permits: a page of permits matching filters (holder's region/industry prefix, class, status, validity), sorted.
// params: region: string|null; industry: string|null; class: string|null; status: string|null — valid/expired/revoked; valid_on: date|null — in force on that day (not revoked, valid_from ≤ day ≤ valid_to); expires_from: date|null; expires_to: date|null — valid_to window; issued_from: date|null; issued_to: date|null; sort: string — valid_to|issued_on|number; offset: int; first: int
CALL () {
  MATCH (e:Enterprise)-[:HOLDS]->(p:Permit)
  WHERE ($region IS NULL OR e.region_code STARTS WITH $region)
    AND ($industry IS NULL OR e.industry_code STARTS WITH $industry)
    AND ($class IS NULL OR p.management_class = $class)
    AND ($status IS NULL OR p.status = $status)
    AND ($valid_on IS NULL OR (p.status <> 'revoked' AND p.valid_from <= $valid_on AND $valid_on <= p.valid_to))
    AND ($expires_from IS NULL OR p.valid_to >= $expires_from) AND ($expires_to IS NULL OR p.valid_to <= $expires_to)
    AND ($issued_from IS NULL OR p.issued_on >= $issued_from) AND ($issued_to IS NULL OR p.issued_on <= $issued_to)
  RETURN count(p) AS total
}
CALL () {
  MATCH (e:Enterprise)-[:HOLDS]->(p:Permit)
  WHERE ($region IS NULL OR e.region_code STARTS WITH $region)
    AND ($industry IS NULL OR e.industry_code STARTS WITH $industry)
    AND ($class IS NULL OR p.management_class = $class)
    AND ($status IS NULL OR p.status = $status)
    AND ($valid_on IS NULL OR (p.status <> 'revoked' AND p.valid_from <= $valid_on AND $valid_on <= p.valid_to))
    AND ($expires_from IS NULL OR p.valid_to >= $expires_from) AND ($expires_to IS NULL OR p.valid_to <= $expires_to)
    AND ($issued_from IS NULL OR p.issued_on >= $issued_from) AND ($issued_to IS NULL OR p.issued_on <= $issued_to)
  WITH p ORDER BY CASE $sort WHEN 'issued_on' THEN p.issued_on WHEN 'number' THEN p.number ELSE p.valid_to END, p.number
  SKIP $offset LIMIT $first
  RETURN collect(p {.*}) AS nodes
}
RETURN total, nodes
