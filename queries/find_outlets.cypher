// find_outlets: a page of outlets matching filters — owner's region/industry prefix, kind, medium, code, and a
// pollutant the outlet has a permitted limit for — ordered by enterprise and code.
// params: region: string|null; industry: string|null; kind: string|null — main/general; medium: string|null — air/water; code: string|null — outlet code (DA001); pollutant: string|null — HJ 212 code; offset: int; first: int
CALL () {
  MATCH (e:Enterprise)-[:HAS_OUTLET]->(o:Outlet)
  WHERE ($region IS NULL OR e.region_code STARTS WITH $region)
    AND ($industry IS NULL OR e.industry_code STARTS WITH $industry)
    AND ($kind IS NULL OR o.kind = $kind) AND ($medium IS NULL OR o.medium = $medium)
    AND ($code IS NULL OR o.code = $code)
    AND ($pollutant IS NULL OR EXISTS { (o)<-[:FOR_OUTLET]-(l:PermitLimit) WHERE l.pollutant_code = $pollutant })
  RETURN count(o) AS total
}
CALL () {
  MATCH (e:Enterprise)-[:HAS_OUTLET]->(o:Outlet)
  WHERE ($region IS NULL OR e.region_code STARTS WITH $region)
    AND ($industry IS NULL OR e.industry_code STARTS WITH $industry)
    AND ($kind IS NULL OR o.kind = $kind) AND ($medium IS NULL OR o.medium = $medium)
    AND ($code IS NULL OR o.code = $code)
    AND ($pollutant IS NULL OR EXISTS { (o)<-[:FOR_OUTLET]-(l:PermitLimit) WHERE l.pollutant_code = $pollutant })
  WITH o ORDER BY o.key SKIP $offset LIMIT $first
  RETURN collect(o {.*}) AS nodes
}
RETURN total, nodes
