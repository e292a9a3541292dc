// merge_treatment_facilities: upsert treatment facilities (污染防治设施) operated by an enterprise.
// params: rows: list<{key, uscc, props}> — key is "<USCC>:<code>".
UNWIND $rows AS row
MATCH (e:Enterprise {uscc: row.uscc})
MERGE (t:TreatmentFacility {key: row.key})
SET t += row.props
MERGE (e)-[:OPERATES]->(t)
RETURN count(*) AS matched
