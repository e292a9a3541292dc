// merge_inspections: enforcement inspections (执法检查) of an enterprise.
// params: rows: list<{key, uscc, props}> — key is the inspection id.
UNWIND $rows AS row
MATCH (e:Enterprise {uscc: row.uscc})
MERGE (i:Inspection {id: row.key})
SET i += row.props
MERGE (i)-[:INSPECTED]->(e)
RETURN count(*) AS matched
