// trace_graph_of_outlet: the traceability chain behind one outlet as a drawable graph: enterprise, treatment and
// production facilities (treatment in series up to 5 deep), the EIA approvals of those facilities, the permits covering the outlet with their limits for
// it and their incorporated EIA approvals (生产设施—治污设施—排放口), and the completion acceptances (竣工验收) of those
// facilities with the approvals they accepted.
// params: key: string — Outlet.key; keyprops: map — label → its key property (from the model)
MATCH (o:Outlet {key: $key})
CALL (o) {
  MATCH p = (:Enterprise)-[:HAS_OUTLET]->(o) RETURN p
  UNION MATCH p = (:ProductionFacility)-[:FEEDS]->(:TreatmentFacility)-[:FEEDS*0..4]->(:TreatmentFacility)-[:DISCHARGES_TO]->(o) RETURN p
  UNION MATCH p = (:TreatmentFacility)-[:FEEDS*0..4]->(:TreatmentFacility)-[:DISCHARGES_TO]->(o) RETURN p
  UNION MATCH p = (:EIAApproval)-[:APPROVES]->(:ProductionFacility)-[:FEEDS]->(:TreatmentFacility)-[:FEEDS*0..4]->(:TreatmentFacility)-[:DISCHARGES_TO]->(o) RETURN p
  UNION MATCH p = (:EIAApproval)-[:APPROVES]->(:ProductionFacility)-[:DISCHARGES_TO]->(o) RETURN p
  UNION MATCH p = (:ProductionFacility)-[:DISCHARGES_TO]->(o) RETURN p
  UNION MATCH p = (:Permit)-[:COVERS]->(o) RETURN p
  UNION MATCH p = (:Permit)-[:SETS_LIMIT]->(:PermitLimit)-[:FOR_OUTLET]->(o) RETURN p
  UNION MATCH p = (:EIAApproval)<-[:INCORPORATES]-(:Permit)-[:COVERS]->(o) RETURN p
  UNION MATCH p = (:CompletionAcceptance)-[:ACCEPTS]->(:TreatmentFacility)-[:FEEDS*0..4]->(:TreatmentFacility)-[:DISCHARGES_TO]->(o) RETURN p
  UNION MATCH p = (:EIAApproval)-[:ACCEPTED_BY]->(:CompletionAcceptance)-[:ACCEPTS]->(:TreatmentFacility)-[:FEEDS*0..4]->(:TreatmentFacility)-[:DISCHARGES_TO]->(o) RETURN p
  UNION MATCH p = (:CompletionAcceptance)-[:ACCEPTS]->(:ProductionFacility)-[:FEEDS]->(:TreatmentFacility)-[:FEEDS*0..4]->(:TreatmentFacility)-[:DISCHARGES_TO]->(o) RETURN p
  UNION MATCH p = (:CompletionAcceptance)-[:ACCEPTS]->(:ProductionFacility)-[:DISCHARGES_TO]->(o) RETURN p
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
