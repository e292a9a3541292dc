// find_map_points: enterprises or outlets with coordinates inside a bounding box and a region, each with its open
// findings (an outlet: those whose evidence holds it) — the points of a compliance map, by key.
// params: kind: string — enterprises|outlets; region: string|null — region code prefix; bbox: list<float>|null —
//   [west, south, east, north] in degrees (WGS 84 / GCJ-02 as loaded); first: int — the most points
CALL (){
  MATCH (e:Enterprise)
  WHERE $kind = 'enterprises' AND e.longitude IS NOT NULL AND e.latitude IS NOT NULL
    AND ($region IS NULL OR e.region_code STARTS WITH $region)
    AND ($bbox IS NULL OR (e.longitude >= $bbox[0] AND e.latitude >= $bbox[1] AND e.longitude <= $bbox[2]
      AND e.latitude <= $bbox[3]))
  RETURN e.uscc AS key, e.uscc AS uscc, null AS code, e.name AS name, e.longitude AS lon, e.latitude AS lat,
    e.region_code AS region, e.management_class AS class, null AS medium,
    COUNT { (e)<-[:CONCERNS]-(f:Finding) WHERE f.status = 'open' } AS open_findings
  UNION ALL
  MATCH (e:Enterprise)-[:HAS_OUTLET]->(o:Outlet)
  WHERE $kind = 'outlets' AND o.longitude IS NOT NULL AND o.latitude IS NOT NULL
    AND ($region IS NULL OR e.region_code STARTS WITH $region)
    AND ($bbox IS NULL OR (o.longitude >= $bbox[0] AND o.latitude >= $bbox[1] AND o.longitude <= $bbox[2]
      AND o.latitude <= $bbox[3]))
  RETURN o.key AS key, e.uscc AS uscc, o.code AS code, o.name AS name, o.longitude AS lon, o.latitude AS lat,
    e.region_code AS region, o.kind AS class, o.medium AS medium,
    COUNT { (o)<-[:EVIDENCE]-(f:Finding) WHERE f.status = 'open' } AS open_findings
}
WITH * ORDER BY key LIMIT $first + 1
RETURN key, uscc, code, name, lon, lat, region, class, medium, open_findings
