// merge_untreated_discharges: production facility → outlet links with no treatment in between.
// params: rows: list<{from, to}> — production facility key, outlet key.
UNWIND $rows AS row
MATCH (a:ProductionFacility {key: row.from})
MATCH (b:Outlet {key: row.to})
MERGE (a)-[:DISCHARGES_TO]->(b)
RETURN count(*) AS matched
