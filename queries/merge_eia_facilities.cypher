// merge_eia_facilities: an EIA approval approves a production facility.
// params: rows: list<{doc, facility}> — document number, facility key.
UNWIND $rows AS row
MATCH (a:EIAApproval {doc_number: row.doc})
MATCH (f:ProductionFacility {key: row.facility})
MERGE (a)-[:APPROVES]->(f)
RETURN count(*) AS matched
