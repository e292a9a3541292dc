// merge_hw_licences: upsert hazardous-waste operating licences (危险废物经营许可证) and their holders.
// params: rows: list<{key, uscc, props}> — key is the licence number.
UNWIND $rows AS row
MATCH (e:Enterprise {uscc: row.uscc})
MERGE (l:HazardousWasteLicence {number: row.key})
SET l += row.props
MERGE (e)-[:HOLDS_LICENCE]->(l)
RETURN count(*) AS matched
