// merge_permit_eia: a permit incorporates (carries) an EIA approval (环评与排污许可衔接).
// params: rows: list<{permit, doc, src}>; load: string — the LoadRun id (provenance)
UNWIND $rows AS row
MATCH (p:Permit {number: row.permit})
MATCH (a:EIAApproval {doc_number: row.doc})
MERGE (p)-[r1:INCORPORATES]->(a) SET r1._src = row.src, r1._load = $load
RETURN count(*) AS matched
