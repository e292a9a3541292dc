// find_map_outlets: outlets with coordinates whose enterprise lies in a region, inside a bounding box, each with
// the open findings whose evidence holds it — a compliance map's points by outlet key, as one list of [key, uscc,
// code, name, lon, lat, region, kind, medium, open findings].
// params: region: string|null — region code prefix; bbox: list<float>|null — [west, south, east, north] in degrees;
//   first: int — the most points (one more is returned when there are more)
MATCH (e:Enterprise)-[:HAS_OUTLET]->(o:Outlet)
WHERE o.longitude IS NOT NULL AND o.latitude IS NOT NULL
  AND ($region IS NULL OR e.region_code STARTS WITH $region)
  AND ($bbox IS NULL OR (o.longitude >= $bbox[0] AND o.latitude >= $bbox[1] AND o.longitude <= $bbox[2]
    AND o.latitude <= $bbox[3]))
WITH e, o ORDER BY o.key LIMIT $first + 1
RETURN collect([o.key, e.uscc, o.code, o.name, o.longitude, o.latitude, e.region_code, o.kind, o.medium,
  COUNT { (o)<-[:EVIDENCE]-(f:Finding) WHERE f.status = 'open' }]) AS points
