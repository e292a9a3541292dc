// merge_feeds: production facility → treatment facility links of the chain 生产设施—治污设施—排放口.
// params: rows: list<{from, to}> — facility keys.
UNWIND $rows AS row
MATCH (a:ProductionFacility {key: row.from})
MATCH (b:TreatmentFacility {key: row.to})
MERGE (a)-[:FEEDS]->(b)
RETURN count(*) AS matched
