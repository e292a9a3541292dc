// list_events_of_findings: a finding's history — opened, updated, reopened, closed — oldest first.
// params: keys: list<string> — Finding.key values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:Finding {key: key})-[:HAS_EVENT]->(n:FindingEvent)
WITH key, n ORDER BY n.at, n.kind
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
