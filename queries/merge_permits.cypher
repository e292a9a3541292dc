// merge_permits: upsert discharge permits (排污许可证) held by an enterprise.
// params: rows: list<{key, uscc, props}> — key is the 22-character permit number.
UNWIND $rows AS row
MATCH (e:Enterprise {uscc: row.uscc})
MERGE (p:Permit {number: row.key})
SET p += row.props
MERGE (e)-[:HOLDS]->(p)
RETURN count(*) AS matched
