// merge_treated_discharges: treatment facility → outlet links (treated discharge).
// params: rows: list<{from, to, src}> — treatment facility key, outlet key; load: string — the LoadRun id (provenance)
UNWIND $rows AS row
MATCH (a:TreatmentFacility {key: row.from})
MATCH (b:Outlet {key: row.to})
MERGE (a)-[r1:DISCHARGES_TO]->(b) SET r1._src = row.src, r1._load = $load
RETURN count(*) AS matched
