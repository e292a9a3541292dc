// trace_graph_of_enterprise: an enterprise's chain forwards as a drawable graph: its production facilities, the
// treatment facilities they feed, the outlets those discharge to, the EIA approvals of the facilities and the permits
// covering the outlets.
// params: key: string — Enterprise.uscc; keyprops: map — label → its key property (from the model)
MATCH (e:Enterprise {uscc: $key})
CALL (e) {
  MATCH p = (e)-[:OPERATES]->(:ProductionFacility)-[:FEEDS]->(:TreatmentFacility)-[:FEEDS*0..4]->(:TreatmentFacility)-[:DISCHARGES_TO]->(:Outlet) RETURN p
  UNION MATCH p = (e)-[:OPERATES]->(:ProductionFacility)-[:DISCHARGES_TO]->(:Outlet) RETURN p
  UNION MATCH p = (e)-[:OPERATES]->(:ProductionFacility)<-[:APPROVES]-(:EIAApproval) RETURN p
  UNION MATCH p = (e)-[:HAS_OUTLET]->(:Outlet) RETURN p
  UNION MATCH p = (e)-[:HOLDS]->(:Permit)-[:COVERS]->(:Outlet) RETURN p
  UNION MATCH p = (e)-[:HOLDS]->(:Permit)-[:INCORPORATES]->(:EIAApproval) RETURN p
}
WITH collect(p) AS paths
WITH [p IN paths WHERE p IS NOT NULL] AS paths
UNWIND paths AS p
UNWIND relationships(p) AS r
WITH collect(DISTINCT r) AS rels, collect(DISTINCT startNode(r)) + collect(DISTINCT endNode(r)) AS ends
UNWIND ends AS n
WITH rels, collect(DISTINCT n) AS ns
RETURN [n IN ns | {label: labels(n)[0], node: n {.*}}] AS nodes,
  [r IN rels | {type: type(r), source: [labels(startNode(r))[0], startNode(r)[$keyprops[labels(startNode(r))[0]]]],
                target: [labels(endNode(r))[0], endNode(r)[$keyprops[labels(endNode(r))[0]]]]}] AS edges
