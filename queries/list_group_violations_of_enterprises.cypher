// list_group_violations_of_enterprises: violations of an enterprise's whole group — its parent company (if any),
// the parent's subsidiaries, the enterprise itself and its own subsidiaries — newest first.
// params: keys: list<string> — Enterprise.uscc values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:Enterprise {uscc: key})
OPTIONAL MATCH (s)-[:SUBSIDIARY_OF]->(parent:Enterprise)
WITH key, coalesce(parent, s) AS top
CALL (top) {
  RETURN top AS member
  UNION
  MATCH (top)<-[:SUBSIDIARY_OF]-(member:Enterprise) RETURN member
}
MATCH (member)<-[:COMMITTED_BY]-(n:Violation)
WITH key, n ORDER BY n.date DESC, n.id
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
