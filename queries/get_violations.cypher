// get_violations: Violation nodes by their natural key (id), for GraphQL node(id:) and batched look-ups.
// params: keys: list<string> — Violation.id values
UNWIND $keys AS key
MATCH (n:Violation {id: key})
RETURN key, 1 AS total, [n {.*}] AS nodes
