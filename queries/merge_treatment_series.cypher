// merge_treatment_series: treatment facility → treatment facility links, for treatment in series (脱硝→除尘→脱硫).
// params: rows: list<{from, to, src}> — facility keys; load: string — the LoadRun id (provenance)
UNWIND $rows AS row
MATCH (a:TreatmentFacility {key: row.from})
MATCH (b:TreatmentFacility {key: row.to})
MERGE (a)-[r1:FEEDS]->(b) SET r1._src = row.src, r1._load = $load
RETURN count(*) AS matched
