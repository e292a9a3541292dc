// find_regions: a page of administrative divisions (GB/T 2260) — the divisions directly under one (a province's
// prefectures, a prefecture's counties) or every one of a level — by code; current codes unless retired are asked.
// params: parent: string|null — the parent's code (null: no parent filter); level: string|null —
//   province|prefecture|county; retired: boolean — include retired codes; offset: int; first: int
CALL () {
  MATCH (r:Region)
  WHERE ($level IS NULL OR r.level = $level) AND ($retired OR coalesce(r.status, 'current') <> 'retired')
    AND ($parent IS NULL OR EXISTS { (r)-[:PART_OF]->(:Region {code: $parent}) })
  RETURN count(r) AS total
}
CALL () {
  MATCH (r:Region)
  WHERE ($level IS NULL OR r.level = $level) AND ($retired OR coalesce(r.status, 'current') <> 'retired')
    AND ($parent IS NULL OR EXISTS { (r)-[:PART_OF]->(:Region {code: $parent}) })
  WITH r ORDER BY r.code SKIP $offset LIMIT $first
  RETURN collect(r {.*}) AS nodes
}
RETURN total, nodes
