// merge_acceptance_facilities: a completion acceptance (竣工环境保护验收) accepts a production or treatment facility.
// params: rows: list<{acceptance, facility, treatment, src}> — acceptance id, facility key, whether it is a treatment
//   facility; load: string — the LoadRun id (provenance)
UNWIND $rows AS row
MATCH (c:CompletionAcceptance {id: row.acceptance})
OPTIONAL MATCH (p:ProductionFacility {key: row.facility}) WHERE NOT row.treatment
OPTIONAL MATCH (t:TreatmentFacility {key: row.facility}) WHERE row.treatment
WITH c, row, coalesce(p, t) AS f
WHERE f IS NOT NULL
MERGE (c)-[r1:ACCEPTS]->(f) SET r1._src = row.src, r1._load = $load
RETURN count(*) AS matched
