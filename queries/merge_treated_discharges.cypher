// merge_treated_discharges: treatment facility → outlet links (treated discharge).
// params: rows: list<{from, to}> — treatment facility key, outlet key.
UNWIND $rows AS row
MATCH (a:TreatmentFacility {key: row.from})
MATCH (b:Outlet {key: row.to})
MERGE (a)-[:DISCHARGES_TO]->(b)
RETURN count(*) AS matched
