// merge_penalties: penalty decisions (处罚决定书) that follow a violation.
// params: rows: list<{key, violation, props}> — key is the decision number.
UNWIND $rows AS row
MATCH (v:Violation {id: row.violation})
MERGE (pe:Penalty {decision_number: row.key})
SET pe += row.props
MERGE (pe)-[:PENALISES]->(v)
RETURN count(*) AS matched
