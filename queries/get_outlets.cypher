// get_outlets: Outlet nodes by their natural key (key), for GraphQL node(id:) and batched look-ups.
// params: keys: list<string> — Outlet.key values
UNWIND $keys AS key
MATCH (n:Outlet {key: key})
RETURN key, 1 AS total, [n {.*}] AS nodes
