// get_industries: Industry nodes by their natural key (code), for GraphQL node(id:) and batched look-ups.
// params: keys: list<string> — Industry.code values
UNWIND $keys AS key
MATCH (n:Industry {code: key})
RETURN key, 1 AS total, [n {.*}] AS nodes
