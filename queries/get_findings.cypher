// get_findings: Finding nodes by their key (<rule>:<subject>), for GraphQL node(id:) and batched look-ups.
// params: keys: list<string> — Finding.key values
UNWIND $keys AS key
MATCH (n:Finding {key: key})
RETURN key, 1 AS total, [n {.*}] AS nodes
