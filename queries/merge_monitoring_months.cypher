// merge_monitoring_months: merge monitoring values into one bucket per outlet, pollutant, month and method.
// A bucket holds 31 day slots (NaN = no value); merging keeps old slots the new rows leave empty, so loading
// the same or overlapping files twice is idempotent; a slot given a different value keeps the old one in a
// (:Change) linked by [:CHANGED]. count/min/max/sum are recomputed from the slots.
// Safe under concurrent writers: the SET reads m.values on its right-hand side (a direct dependency), so Cypher
// takes the node's write lock before reading it, and two batches holding the same bucket cannot lose updates.
// Implausible values (negative, a pH above 14) are kept apart in m.suspect (31 slots, null when none), judge no
// limit and count in no figure; a bucket holding any is labelled :Implausible (check_data_quality reports it). A
// measured value given for a day clears that day's implausible one.
// With $replace, the first batch of a load to reach a bucket is the authority on its month (a source resending one
// period of one series): a value the bucket holds and the batch does not give is retracted, kept in a
// (:Change {retracted: true}); later batches of the same load merge as usual.
// params: rows: list<{key, outlet, pollutant, month, method, basis, unit, values, suspect, present, src}> — month is
//   the 1st day; values (and suspect, or null) is the 31 day slots as text, comma-separated, an empty slot = no
//   value (NaN); load: string — the LoadRun id (provenance); replace: boolean
UNWIND $rows AS packed
WITH packed {.*, values: [x IN split(packed.values, ',') | coalesce(toFloat(x), toFloat('NaN'))],
  suspect: [x IN split(coalesce(packed.suspect, ''), ',') | coalesce(toFloat(x), toFloat('NaN'))]} AS row
MATCH (o:Outlet {key: row.outlet})
MERGE (m:MonitoringMonth {key: row.key})
WITH o, m, row, m.values AS before, $replace AND coalesce(m._load, '') <> $load AS replacing
SET m.values = CASE WHEN m.values IS NULL OR replacing THEN row.values
      ELSE [i IN range(0, 30) | CASE WHEN isNaN(row.values[i]) THEN m.values[i] ELSE row.values[i] END] END,
    m.outlet_key = row.outlet, m.pollutant = row.pollutant, m.month = row.month, m.method = row.method,
    m.basis = row.basis, m.unit = row.unit, m._src = coalesce(m._src, row.src), m._load = $load
WITH o, m, row, before, replacing, [v IN m.values WHERE NOT isNaN(v)] AS present,
  [i IN range(0, 30) WHERE replacing AND before IS NOT NULL AND NOT isNaN(before[i]) AND isNaN(row.values[i])]
    AS retracted,
  [i IN range(0, 30) WHERE before IS NOT NULL AND NOT isNaN(before[i]) AND NOT isNaN(row.values[i])
    AND before[i] <> row.values[i]] AS corrected
CALL (m, row, before, corrected) {  // a corrected value (36 → 34) keeps the old one, as every node's change does
  WITH m, row, before, corrected WHERE size(corrected) > 0
  CREATE (m)-[:CHANGED]->(:Change {load: $load, at: datetime(), previous_src: m._src,
    fields: [i IN corrected | 'day ' + toString(i + 1)], old: [i IN corrected | toString(before[i])]})
}
CALL (m, before, retracted) {  // replaced: what the source no longer gives
  WITH m, before, retracted WHERE size(retracted) > 0
  CREATE (m)-[:CHANGED]->(:Change {load: $load, at: datetime(), previous_src: m._src, retracted: true,
    fields: [i IN retracted | 'day ' + toString(i + 1)], old: [i IN retracted | toString(before[i])]})
}
CALL (m, row, replacing) {
  WITH m, row, replacing WHERE size(row.suspect) = 31 OR m.suspect IS NOT NULL
  WITH m, [i IN range(0, 30) | CASE WHEN size(row.suspect) = 31 AND NOT isNaN(row.suspect[i]) THEN row.suspect[i]
      WHEN NOT isNaN(row.values[i]) OR m.suspect IS NULL OR replacing THEN toFloat('NaN') ELSE m.suspect[i] END]
    AS suspect
  SET m.suspect = CASE WHEN any(v IN suspect WHERE NOT isNaN(v)) THEN suspect END
  FOREACH (_ IN CASE WHEN m.suspect IS NULL THEN [] ELSE [1] END | SET m:Implausible)
  FOREACH (_ IN CASE WHEN m.suspect IS NULL THEN [1] ELSE [] END | REMOVE m:Implausible)
}
SET m.count = size(present),
    m.sum = reduce(s = 0.0, v IN present | s + v),
    m.max = reduce(x = present[0], v IN present | CASE WHEN v > x THEN v ELSE x END),
    m.min = reduce(x = present[0], v IN present | CASE WHEN v < x THEN v ELSE x END)
MERGE (o)-[r1:HAS_SERIES]->(m) SET r1._src = row.src, r1._load = $load
RETURN collect(m.key) AS keys
