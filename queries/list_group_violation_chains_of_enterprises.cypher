// list_group_violation_chains_of_enterprises: violation chains (as list_violation_chains_of_enterprises) of an
// enterprise's whole group — its parent company (if any), the parent's subsidiaries, the enterprise itself and its
// own subsidiaries — newest first.
// params: keys: list<string> — Enterprise.uscc values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:Enterprise {uscc: key})
OPTIONAL MATCH (s)-[:SUBSIDIARY_OF]->(parent:Enterprise)
CALL (s, parent) {  // a mid-level company's own subsidiaries belong to the group as much as its siblings do
  RETURN s AS member
  UNION
  MATCH (s)<-[:SUBSIDIARY_OF]-(member:Enterprise) RETURN member
  UNION
  WITH parent WHERE parent IS NOT NULL RETURN parent AS member
  UNION
  MATCH (parent)<-[:SUBSIDIARY_OF]-(member:Enterprise) RETURN member
}
MATCH (member)<-[:COMMITTED_BY]-(n:Violation)
WITH key, n ORDER BY n.date DESC, n.id
WITH key, collect(n) AS items
WITH key, size(items) AS total, items[$offset..$offset + $first] AS page
RETURN key, total, [n IN page | n {.*, _chain: {
  enterprise: COLLECT { MATCH (n)-[:COMMITTED_BY]->(x:Enterprise) RETURN x {.*} },
  inspection: COLLECT { MATCH (i:Inspection)-[:FOUND]->(n) RETURN i {.*} ORDER BY i.id },
  permit: COLLECT { MATCH (n)-[:UNDER_PERMIT]->(p:Permit) RETURN p {.*} ORDER BY p.number },
  outlet: COLLECT { MATCH (n)-[:AT_OUTLET]->(o:Outlet) RETURN o {.*} ORDER BY o.key },
  pollutant: COLLECT { MATCH (n)-[:OF_POLLUTANT]->(pol:Pollutant) RETURN pol {.*} ORDER BY pol.code },
  clause: COLLECT {
    MATCH (n)-[:UNDER_PERMIT]->(:Permit)-[:SETS_LIMIT]->(l:PermitLimit)
    WHERE l.pollutant_code = n.pollutant_code
      AND (l.outlet_key IS NULL OR EXISTS { MATCH (n)-[:AT_OUTLET]->(o:Outlet) WHERE o.key = l.outlet_key })
    RETURN l {.*} ORDER BY l.outlet_key, l.key },
  penalties: COLLECT { MATCH (pe:Penalty)-[:PENALISES]->(n) RETURN pe {.*} ORDER BY pe.date, pe.decision_number }
}}] AS nodes
