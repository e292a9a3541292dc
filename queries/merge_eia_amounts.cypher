// merge_eia_amounts: the annual amount (t/a) of a pollutant an EIA approval allows.
// params: rows: list<{doc, pollutant, amount_t, src}>; load: string — the LoadRun id (provenance)
UNWIND $rows AS row
MATCH (a:EIAApproval {doc_number: row.doc})
MERGE (p:Pollutant {code: row.pollutant}) ON CREATE SET p.listed = false, p.name = row.pollutant  // a code the table lacks
MERGE (a)-[r:APPROVES_AMOUNT]->(p)
SET r.amount_t = row.amount_t, r._src = row.src, r._load = $load
RETURN count(*) AS matched
