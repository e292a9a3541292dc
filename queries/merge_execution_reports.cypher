// merge_execution_reports: execution reports (执行报告) filed under a permit, by period.
// params: rows: list<{key, permit, props}> — key is "<permit number>:<period>".
UNWIND $rows AS row
MATCH (p:Permit {number: row.permit})
MERGE (r:ExecutionReport {key: row.key})
SET r += row.props
MERGE (p)-[:FILED]->(r)
RETURN count(*) AS matched
