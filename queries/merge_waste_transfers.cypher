// merge_waste_transfers: hazardous-waste transfers (转移联单) from a generator to a receiving enterprise.
// params: rows: list<{key, from, to, props}> — key is the manifest number; from/to are USCCs.
UNWIND $rows AS row
MATCH (a:Enterprise {uscc: row.from})
MATCH (b:Enterprise {uscc: row.to})
MERGE (t:WasteTransfer {manifest_no: row.key})
SET t += row.props
MERGE (a)-[:SHIPPED]->(t)
MERGE (t)-[:RECEIVED_BY]->(b)
RETURN count(*) AS matched
