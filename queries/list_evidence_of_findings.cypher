// list_evidence_of_findings: each finding's evidence as a drawable graph — the finding, every evidence node, and
// the relationships among them (the path from the enterprise through outlet, limit and permit to the measurement);
// batched over many findings (one round trip per GraphQL level).
// params: keys: list<string> — Finding.key values; keyprops: map — label → its key property (from the model)
UNWIND $keys AS key
MATCH (f:Finding {key: key})
OPTIONAL MATCH (f)-[:EVIDENCE]->(n)
WITH key, collect(n) AS ns
CALL (ns) {
  UNWIND ns AS a
  MATCH (a)-[r]->(b) WHERE b IN ns
  RETURN collect(DISTINCT r) AS rels
}
RETURN key, [n IN ns | {label: labels(n)[0], node: n {.*}}] AS nodes,
  [r IN rels | {type: type(r), source: [labels(startNode(r))[0], startNode(r)[$keyprops[labels(startNode(r))[0]]]],
                target: [labels(endNode(r))[0], endNode(r)[$keyprops[labels(endNode(r))[0]]]]}] AS edges
