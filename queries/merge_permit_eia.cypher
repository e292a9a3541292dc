// merge_permit_eia: a permit incorporates (carries) an EIA approval (环评与排污许可衔接).
// params: rows: list<{permit, doc}>
UNWIND $rows AS row
MATCH (p:Permit {number: row.permit})
MATCH (a:EIAApproval {doc_number: row.doc})
MERGE (p)-[:INCORPORATES]->(a)
RETURN count(*) AS matched
