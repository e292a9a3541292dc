// merge_eia_facilities: an EIA approval approves a production facility.
// params: rows: list<{doc, facility, src}> — document number, facility key; load: string — the LoadRun id (provenance)
UNWIND $rows AS row
MATCH (a:EIAApproval {doc_number: row.doc})
MATCH (f:ProductionFacility {key: row.facility})
MERGE (a)-[r1:APPROVES]->(f) SET r1._src = row.src, r1._load = $load
RETURN count(*) AS matched
