// get_hw_licences: HazardousWasteLicence nodes by their natural key (number), for GraphQL node(id:) and batched look-ups.
// params: keys: list<string> — HazardousWasteLicence.number values
UNWIND $keys AS key
MATCH (n:HazardousWasteLicence {number: key})
RETURN key, 1 AS total, [n {.*}] AS nodes
