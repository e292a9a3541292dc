// list_parents_of_industries: the industry class one level up; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — Industry.code values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:Industry {code: key})
MATCH (s)-[:PART_OF]->(n:Industry)
WITH key, n ORDER BY n.code
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
