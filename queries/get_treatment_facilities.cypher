// get_treatment_facilities: TreatmentFacility nodes by their natural key (key), for GraphQL node(id:) and batched look-ups.
// params: keys: list<string> — TreatmentFacility.key values
UNWIND $keys AS key
MATCH (n:TreatmentFacility {key: key})
RETURN key, 1 AS total, [n {.*}] AS nodes
