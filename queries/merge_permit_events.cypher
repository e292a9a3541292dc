// merge_permit_events: a permit's history (first issue, renewals, changes, revocation) with validity windows.
// params: rows: list<{key, permit, props}> — key is "<permit number>#<seq>".
UNWIND $rows AS row
MATCH (p:Permit {number: row.permit})
MERGE (ev:PermitEvent {key: row.key})
SET ev += row.props
MERGE (p)-[:HAS_EVENT]->(ev)
RETURN count(*) AS matched
