// get_permits: Permit nodes by their natural key (number), for GraphQL node(id:) and batched look-ups.
// params: keys: list<string> — Permit.number values
UNWIND $keys AS key
MATCH (n:Permit {number: key})
RETURN key, 1 AS total, [n {.*}] AS nodes
