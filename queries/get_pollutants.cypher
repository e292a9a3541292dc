// get_pollutants: Pollutant nodes by their natural key (code), for GraphQL node(id:) and batched look-ups.
// params: keys: list<string> — Pollutant.code values
UNWIND $keys AS key
MATCH (n:Pollutant {code: key})
RETURN key, 1 AS total, [n {.*}] AS nodes
