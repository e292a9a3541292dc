// merge_feeds: production facility → treatment facility links of the chain 生产设施—治污设施—排放口.
// params: rows: list<{from, to, src}> — facility keys; load: string — the LoadRun id (provenance)
UNWIND $rows AS row
MATCH (a:ProductionFacility {key: row.from})
MATCH (b:TreatmentFacility {key: row.to})
MERGE (a)-[r1:FEEDS]->(b) SET r1._src = row.src, r1._load = $load
RETURN count(*) AS matched
