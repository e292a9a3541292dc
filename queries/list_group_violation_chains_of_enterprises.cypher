// list_group_violation_chains_of_enterprises: violation chains (as list_violation_chains_of_enterprises) of an
// enterprise's whole group — the ownership tree it belongs to: up SUBSIDIARY_OF to the top company, then down every
// level (parent, siblings, their subsidiaries, its own, at any depth) — newest first; the same list from any member.
// Each violation carries `group_path`: the USCCs from the top of the group down to the company that committed it.
// Up to 16 levels each way; a cycle in the ownership data ends where it closes (a path never repeats a link), and a
// group whose top lies on a cycle is the members the cycle reaches.
// params: keys: list<string> — Enterprise.uscc values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:Enterprise {uscc: key})
CALL (s) {  // the top of its tree: the companies above it with no parent (or, on a cycle, all above it)
  OPTIONAL MATCH (s)-[:SUBSIDIARY_OF*0..16]->(up:Enterprise)
  WITH collect(DISTINCT up) AS above
  WITH above, [x IN above WHERE NOT EXISTS { (x)-[:SUBSIDIARY_OF]->(:Enterprise) }] AS tops
  RETURN CASE WHEN size(tops) > 0 THEN tops ELSE above END AS tops
}
CALL (tops) {  // each member once, with its shortest path down from a top
  UNWIND tops AS top
  MATCH path = (top)<-[:SUBSIDIARY_OF*0..16]-(member:Enterprise)
  WITH member, path ORDER BY length(path), [x IN nodes(path) | x.uscc]
  WITH member, collect(path)[0] AS path
  RETURN member, [x IN nodes(path) | x.uscc] AS group_path
}
MATCH (member)<-[:COMMITTED_BY]-(n:Violation)
WITH key, n, group_path ORDER BY n.date DESC, n.id
WITH key, collect({n: n, group_path: group_path}) AS items
WITH key, size(items) AS total, items[$offset..$offset + $first] AS page
CALL (page) {  // in the page's order
  UNWIND page AS item
  WITH item.n AS n, item.group_path AS group_path
  RETURN collect(n {.*, group_path: group_path, _chain: {
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
  }}) AS nodes
}
RETURN key, total, nodes
