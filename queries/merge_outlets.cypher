// merge_outlets: upsert outlets (排放口) of an enterprise.
// params: rows: list<{key, uscc, props}> — key is "<USCC>:<code>".
UNWIND $rows AS row
MATCH (e:Enterprise {uscc: row.uscc})
MERGE (o:Outlet {key: row.key})
SET o += row.props
MERGE (e)-[:HAS_OUTLET]->(o)
RETURN count(*) AS matched
