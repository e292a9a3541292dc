// merge_industries: upsert GB/T 4754 industry codes (division, group, class) and their hierarchy.
// params: rows: list<{code, name, level, parent}>
UNWIND $rows AS row
MERGE (i:Industry {code: row.code})
SET i.name = row.name, i.level = row.level
WITH i, row WHERE row.parent IS NOT NULL
MATCH (p:Industry {code: row.parent})
MERGE (i)-[:PART_OF]->(p)
