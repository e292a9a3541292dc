// find_industries: a page of the bundled GB/T 4754-2017 industries — those directly under one code, or every one
// of a level — by code.
// params: parent: string|null — the parent's code; level: string|null — division|group|class; offset: int;
//   first: int
CALL () {
  MATCH (i:Industry)
  WHERE ($level IS NULL OR i.level = $level)
    AND ($parent IS NULL OR EXISTS { (i)-[:PART_OF]->(:Industry {code: $parent}) })
  RETURN count(i) AS total
}
CALL () {
  MATCH (i:Industry)
  WHERE ($level IS NULL OR i.level = $level)
    AND ($parent IS NULL OR EXISTS { (i)-[:PART_OF]->(:Industry {code: $parent}) })
  WITH i ORDER BY i.code SKIP $offset LIMIT $first
  RETURN collect(i {.*}) AS nodes
}
RETURN total, nodes
