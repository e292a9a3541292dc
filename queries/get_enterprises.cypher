// get_enterprises: Enterprise nodes by their natural key (uscc), for GraphQL node(id:) and batched look-ups.
// params: keys: list<string> — Enterprise.uscc values
UNWIND $keys AS key
MATCH (n:Enterprise {uscc: key})
RETURN key, 1 AS total, [n {.*}] AS nodes
