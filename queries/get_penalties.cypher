// get_penalties: Penalty nodes by their natural key (decision_number), for GraphQL node(id:) and batched look-ups.
// params: keys: list<string> — Penalty.decision_number values
UNWIND $keys AS key
MATCH (n:Penalty {decision_number: key})
RETURN key, 1 AS total, [n {.*}] AS nodes
