// find_map_enterprises: enterprises with coordinates in a region and bounding box, each with its open findings —
// the points of a compliance map, by USCC, as one list of [key, uscc, code, name, lon, lat, region, class, medium,
// open findings] (one value to decode, not a record per point: a national map holds tens of thousands).
// params: region: string|null — region code prefix; bbox: list<float>|null — [west, south, east, north] in degrees
//   (as loaded); first: int — the most points (one more is returned when there are more)
MATCH (e:Enterprise)
WHERE e.longitude IS NOT NULL AND e.latitude IS NOT NULL
  AND ($region IS NULL OR e.region_code STARTS WITH $region)
  AND ($bbox IS NULL OR (e.longitude >= $bbox[0] AND e.latitude >= $bbox[1] AND e.longitude <= $bbox[2]
    AND e.latitude <= $bbox[3]))
WITH e ORDER BY e.uscc LIMIT $first + 1
RETURN collect([e.uscc, e.uscc, null, e.name, e.longitude, e.latitude, e.region_code, e.management_class, null,
  COUNT { (e)<-[:CONCERNS]-(f:Finding) WHERE f.status = 'open' }]) AS points
