// merge_production_facilities: upsert production facilities (生产设施) operated by an enterprise.
// params: rows: list<{key, uscc, props}> — key is "<USCC>:<code>".
UNWIND $rows AS row
MATCH (e:Enterprise {uscc: row.uscc})
MERGE (f:ProductionFacility {key: row.key})
SET f += row.props
MERGE (e)-[:OPERATES]->(f)
RETURN count(*) AS matched
