// find_disclosures: a page of one disclosure list as published — entries in a region (code prefix) whose day (the
// finding's first day, the penalty's decision) lies in a window — newest first. Only what was published is read:
// entries are snapshots (queries/publish_disclosures.cypher), never the live data.
// params: list: string — unpermitted, not_per_permit, no_automatic_monitoring or late_report; region: string|null; since: date|null; until: date|null; offset: int; first: int
CALL () {
  MATCH (d:DisclosureEntry {list: $list})
  WHERE ($region IS NULL OR d.region_code STARTS WITH $region)
    AND ($since IS NULL OR d.day >= $since) AND ($until IS NULL OR d.day <= $until)
  RETURN count(d) AS total
}
CALL () {
  MATCH (d:DisclosureEntry {list: $list})
  WHERE ($region IS NULL OR d.region_code STARTS WITH $region)
    AND ($since IS NULL OR d.day >= $since) AND ($until IS NULL OR d.day <= $until)
  WITH d ORDER BY d.day DESC, d.key
  SKIP $offset LIMIT $first
  RETURN collect(d {.*}) AS nodes
}
RETURN total, nodes
