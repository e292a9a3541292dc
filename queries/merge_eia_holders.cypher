// merge_eia_holders: a further holder of a joint EIA approval (联合审批) obtained it too.
// params: rows: list<{doc, uscc, src}> — document number, the holder's USCC; load: string — the LoadRun id
UNWIND $rows AS row
MATCH (a:EIAApproval {doc_number: row.doc})
MATCH (e:Enterprise {uscc: row.uscc})
MERGE (e)-[r1:OBTAINED]->(a) SET r1._src = row.src, r1._load = $load
RETURN count(*) AS matched
