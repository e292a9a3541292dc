// get_production_facilities: ProductionFacility nodes by their natural key (key), for GraphQL node(id:) and batched look-ups.
// params: keys: list<string> — ProductionFacility.key values
UNWIND $keys AS key
MATCH (n:ProductionFacility {key: key})
RETURN key, 1 AS total, [n {.*}] AS nodes
