// get_regions: Region nodes by their natural key (code), for GraphQL node(id:) and batched look-ups.
// params: keys: list<string> — Region.code values
UNWIND $keys AS key
MATCH (n:Region {code: key})
RETURN key, 1 AS total, [n {.*}] AS nodes
