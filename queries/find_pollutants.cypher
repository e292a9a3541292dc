// find_pollutants: a page of pollutants (HJ 212-2017 codes and local ones) of a medium, or those whose code or
// name holds a text, by code.
// params: medium: string|null — air|water|noise; text: string|null — part of the code or name; offset: int;
//   first: int
CALL () {
  MATCH (p:Pollutant)
  WHERE ($medium IS NULL OR p.medium = $medium) AND ($text IS NULL OR p.code CONTAINS $text OR p.name CONTAINS $text)
  RETURN count(p) AS total
}
CALL () {
  MATCH (p:Pollutant)
  WHERE ($medium IS NULL OR p.medium = $medium) AND ($text IS NULL OR p.code CONTAINS $text OR p.name CONTAINS $text)
  WITH p ORDER BY p.code SKIP $offset LIMIT $first
  RETURN collect(p {.*}) AS nodes
}
RETURN total, nodes
