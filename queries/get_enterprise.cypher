// get_enterprise: one enterprise with its region chain, industry, parent company, permit numbers and outlet codes.
// params: uscc: string
MATCH (e:Enterprise {uscc: $uscc})
OPTIONAL MATCH (e)-[:IN_INDUSTRY]->(i:Industry)
OPTIONAL MATCH (e)-[:SUBSIDIARY_OF]->(parent:Enterprise)
RETURN e {.*} AS enterprise,
  i {.code, .name} AS industry,
  COLLECT { MATCH (e)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..2]->(r:Region) RETURN r {.code, .name, .level} } AS regions,
  parent {.uscc, .name} AS parent,
  COLLECT { MATCH (s:Enterprise)-[:SUBSIDIARY_OF]->(e) RETURN s {.uscc, .name} ORDER BY s.uscc } AS subsidiaries,
  COLLECT { MATCH (e)-[:HOLDS]->(p:Permit) RETURN p.number ORDER BY p.number } AS permits,
  COLLECT { MATCH (e)-[:HAS_OUTLET]->(o:Outlet) RETURN o {.key, .code, .name, .medium, .kind} ORDER BY o.code } AS outlets
