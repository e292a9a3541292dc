// find_exceedances: a page of exceedances — the enterprise's region/industry prefix, a pollutant, a date window —
// newest first, then the largest ratio.
// params: region: string|null; industry: string|null; pollutant: string|null — HJ 212 code; date_from: date|null;
//   date_to: date|null; offset: int; first: int
CALL () {
  MATCH (x:Exceedance)-[:AT_OUTLET]->(:Outlet)<-[:HAS_OUTLET]-(e:Enterprise)
  WHERE ($pollutant IS NULL OR x.pollutant = $pollutant)
    AND ($date_from IS NULL OR x.date >= $date_from) AND ($date_to IS NULL OR x.date <= $date_to)
    AND ($region IS NULL OR e.region_code STARTS WITH $region)
    AND ($industry IS NULL OR e.industry_code STARTS WITH $industry)
  RETURN count(x) AS total
}
CALL () {
  MATCH (x:Exceedance)-[:AT_OUTLET]->(:Outlet)<-[:HAS_OUTLET]-(e:Enterprise)
  WHERE ($pollutant IS NULL OR x.pollutant = $pollutant)
    AND ($date_from IS NULL OR x.date >= $date_from) AND ($date_to IS NULL OR x.date <= $date_to)
    AND ($region IS NULL OR e.region_code STARTS WITH $region)
    AND ($industry IS NULL OR e.industry_code STARTS WITH $industry)
  WITH x ORDER BY x.date DESC, x.ratio DESC, x.key SKIP $offset LIMIT $first
  RETURN collect(x {.*}) AS nodes
}
RETURN total, nodes
