// get_permit_events: PermitEvent nodes by their natural key (key), for GraphQL node(id:) and batched look-ups.
// params: keys: list<string> — PermitEvent.key values
UNWIND $keys AS key
MATCH (n:PermitEvent {key: key})
RETURN key, 1 AS total, [n {.*}] AS nodes
