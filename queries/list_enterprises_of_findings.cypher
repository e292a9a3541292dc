// list_enterprises_of_findings: the enterprise a finding concerns.
// params: keys: list<string> — Finding.key values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:Finding {key: key})-[:CONCERNS]->(n:Enterprise)
WITH key, n ORDER BY n.uscc
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
