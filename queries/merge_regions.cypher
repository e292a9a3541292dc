// merge_regions: upsert GB/T 2260 administrative divisions and link each to its parent division.
// params: rows: list<{code, name, level, status, last_seen, parent}> (status current/statistical/retired;
// last_seen the last year a retired code was listed, else empty; parent null for provinces)
UNWIND $rows AS row
MERGE (r:Region {code: row.code})
SET r.name = row.name, r.level = row.level, r.status = row.status,
    r.last_seen = CASE row.last_seen WHEN "" THEN null ELSE toInteger(row.last_seen) END
WITH r, row WHERE row.parent IS NOT NULL
MATCH (p:Region {code: row.parent})
MERGE (r)-[:PART_OF]->(p)
