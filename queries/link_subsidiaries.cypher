// link_subsidiaries: link each enterprise to its parent company (group structure), replacing a changed link.
// params: rows: list<{key, parent, src}> — USCCs of the subsidiary and of its parent; load: string — the LoadRun id (provenance)
UNWIND $rows AS row
MATCH (e:Enterprise {uscc: row.key})
CALL (e, row) {
  OPTIONAL MATCH (e)-[old:SUBSIDIARY_OF]->(p0:Enterprise) WHERE p0.uscc <> row.parent
  DELETE old
}
MATCH (p:Enterprise {uscc: row.parent})
MERGE (e)-[r1:SUBSIDIARY_OF]->(p) SET r1._src = row.src, r1._load = $load
RETURN count(*) AS matched
