// merge_regions: upsert GB/T 2260 administrative divisions and link each to its parent division.
// params: rows: list<{code, name, level, parent}> (parent null for provinces)
UNWIND $rows AS row
MERGE (r:Region {code: row.code})
SET r.name = row.name, r.level = row.level
WITH r, row WHERE row.parent IS NOT NULL
MATCH (p:Region {code: row.parent})
MERGE (r)-[:PART_OF]->(p)
