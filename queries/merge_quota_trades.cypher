// merge_quota_trades: upsert emissions-trading deals (排污权交易): quota of one pollutant and year moved from the
// seller (SOLD_QUOTA) to the buyer (BOUGHT_BY).
// params: rows: list<{key, seller, buyer, pollutant, props, src}> — key is the trade id; seller/buyer are USCCs; load: string — the LoadRun id (provenance)
UNWIND $rows AS row
MATCH (s:Enterprise {uscc: row.seller})
MATCH (b:Enterprise {uscc: row.buyer})
MATCH (pol:Pollutant {code: row.pollutant})
MERGE (t:QuotaTrade {id: row.key})
WITH *, [k IN keys(row.props) WHERE t[k] IS NOT NULL AND coalesce(t[k] <> row.props[k], true)] AS changed
CALL (t, row, changed) {
  WITH t, row, changed WHERE size(changed) > 0 AND coalesce(t._load <> $load, true)
  CREATE (t)-[:CHANGED]->(:Change {load: $load, at: datetime(), previous_src: t._src, fields: changed,
    old: [k IN changed | toString(t[k])]})
}
SET t += row.props, t._src = row.src, t._load = $load
WITH t, s, b, pol, row
CALL (t, s, b, pol) {
  OPTIONAL MATCH (x)-[old:SOLD_QUOTA]->(t) WHERE x <> s
  DELETE old
}
CALL (t, b, pol) {
  OPTIONAL MATCH (t)-[old:BOUGHT_BY|OF_POLLUTANT]->(x) WHERE NOT x IN [b, pol]
  DELETE old
}
MERGE (s)-[r1:SOLD_QUOTA]->(t) SET r1._src = row.src, r1._load = $load
MERGE (t)-[r2:BOUGHT_BY]->(b) SET r2._src = row.src, r2._load = $load
MERGE (t)-[r3:OF_POLLUTANT]->(pol) SET r3._src = row.src, r3._load = $load
RETURN count(*) AS matched
