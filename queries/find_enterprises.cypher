// find_enterprises: a page of enterprises matching filters, sorted, with the total count.
// Region and industry match at any level: the code prefix of a province (13), prefecture (1302), county (130203),
// industry division (22), group (221) or class (2210).
// params: region: string|null — region code prefix; industry: string|null — industry code prefix; class: string|null — key/simplified/registration; name: string|null — part of the name; sort: string — name|uscc|region; offset: int; first: int
CALL () {
  MATCH (e:Enterprise)
  WHERE ($region IS NULL OR e.region_code STARTS WITH $region)
    AND ($industry IS NULL OR e.industry_code STARTS WITH $industry)
    AND ($class IS NULL OR e.management_class = $class)
    AND ($name IS NULL OR e.name CONTAINS $name)
  RETURN count(e) AS total
}
CALL () {
  MATCH (e:Enterprise)
  WHERE ($region IS NULL OR e.region_code STARTS WITH $region)
    AND ($industry IS NULL OR e.industry_code STARTS WITH $industry)
    AND ($class IS NULL OR e.management_class = $class)
    AND ($name IS NULL OR e.name CONTAINS $name)
  WITH e ORDER BY CASE $sort WHEN 'name' THEN e.name WHEN 'region' THEN e.region_code ELSE e.uscc END, e.uscc
  SKIP $offset LIMIT $first
  RETURN collect(e {.*}) AS nodes
}
RETURN total, nodes
