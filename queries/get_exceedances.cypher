// get_exceedances: Exceedance nodes by their natural key (key), for GraphQL node(id:) and batched look-ups.
// params: keys: list<string> — Exceedance.key values
UNWIND $keys AS key
MATCH (n:Exceedance {key: key})
RETURN key, 1 AS total, [n {.*}] AS nodes
