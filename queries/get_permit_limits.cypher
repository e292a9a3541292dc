// get_permit_limits: PermitLimit nodes by their natural key (key), for GraphQL node(id:) and batched look-ups.
// params: keys: list<string> — PermitLimit.key values
UNWIND $keys AS key
MATCH (n:PermitLimit {key: key})
RETURN key, 1 AS total, [n {.*}] AS nodes
