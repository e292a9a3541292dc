// merge_eia_approvals: upsert EIA approvals (环评批复) obtained by an enterprise.
// params: rows: list<{key, uscc, props}> — key is the document number.
UNWIND $rows AS row
MATCH (e:Enterprise {uscc: row.uscc})
MERGE (a:EIAApproval {doc_number: row.key})
SET a += row.props
MERGE (e)-[:OBTAINED]->(a)
RETURN count(*) AS matched
