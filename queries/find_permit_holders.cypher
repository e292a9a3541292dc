// find_permit_holders: each holder (an enterprise, or one of its sites) of valid permits, with its permit's number,
// or null when it holds several: a sheet naming outlet-level amounts by holder finds the permit they belong to.
// params: none
MATCH (h)-[:HOLDS]->(p:Permit {status: 'valid'})
WHERE h:Enterprise AND NOT EXISTS { (:Site)-[:HOLDS]->(p) } OR h:Site
WITH CASE WHEN h:Site THEN h.key ELSE h.uscc END AS owner, collect(p.number) AS numbers
RETURN owner, CASE WHEN size(numbers) = 1 THEN numbers[0] END AS number
