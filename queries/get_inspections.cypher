// get_inspections: Inspection nodes by their natural key (id), for GraphQL node(id:) and batched look-ups.
// params: keys: list<string> — Inspection.id values
UNWIND $keys AS key
MATCH (n:Inspection {id: key})
RETURN key, 1 AS total, [n {.*}] AS nodes
