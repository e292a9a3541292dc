// get_finding_evidence: a finding's evidence as a drawable graph — the finding, every evidence node, and the
// relationships among them (the path from the enterprise through outlet, limit and permit to the measurement).
// params: key: string — Finding.key; keyprops: map — label → its key property (from the model)
MATCH (f:Finding {key: $key})
OPTIONAL MATCH (f)-[:EVIDENCE]->(n)
WITH f, collect(n) AS ns
CALL (ns) {
  UNWIND ns AS a
  MATCH (a)-[r]->(b) WHERE b IN ns
  RETURN collect(DISTINCT r) AS rels
}
RETURN [n IN ns | {label: labels(n)[0], node: n {.*}}] AS nodes,
  [r IN rels | {type: type(r), source: [labels(startNode(r))[0], startNode(r)[$keyprops[labels(startNode(r))[0]]]],
                target: [labels(endNode(r))[0], endNode(r)[$keyprops[labels(endNode(r))[0]]]]}] AS edges
