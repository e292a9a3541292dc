// trace_graph_of_production_facility: a production facility's chain forwards as a drawable graph: the EIA approvals
// that approved it, the treatment facilities it feeds (and those after them in series, up to 5 deep), the outlets they (or it, untreated) discharge to, and the
// permits covering those outlets.
// params: key: string — ProductionFacility.key; keyprops: map — label → its key property (from the model)
MATCH (f:ProductionFacility {key: $key})
CALL (f) {
  MATCH p = (:Enterprise)-[:OPERATES]->(f) RETURN p
  UNION MATCH p = (:EIAApproval)-[:APPROVES]->(f) RETURN p
  UNION MATCH p = (f)-[:FEEDS]->(:TreatmentFacility)-[:FEEDS*0..4]->(:TreatmentFacility)-[:DISCHARGES_TO]->(:Outlet)<-[:COVERS]-(:Permit) RETURN p
  UNION MATCH p = (f)-[:FEEDS]->(:TreatmentFacility)-[:FEEDS*0..4]->(:TreatmentFacility)-[:DISCHARGES_TO]->(:Outlet) RETURN p
  UNION MATCH p = (f)-[:FEEDS]->(:TreatmentFacility)-[:FEEDS*0..4]->(:TreatmentFacility) RETURN p
  UNION MATCH p = (f)-[:DISCHARGES_TO]->(:Outlet)<-[:COVERS]-(:Permit) RETURN p
  UNION MATCH p = (f)-[:DISCHARGES_TO]->(:Outlet) RETURN p
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
