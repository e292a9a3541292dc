// retract_monitoring_values: take monitoring values back (a source withdrew them): each day slot becomes empty, the
// old value is kept in a (:Change) of its bucket, and count/sum/min/max are recomputed; the caller re-derives the
// buckets' exceedances, so what the values caused goes, and the next check closes its findings.
// params: rows: list<{key, slot}> — a MonitoringMonth key and a 0-based day slot; load: string — an id for the Change
UNWIND $rows AS row
MATCH (m:MonitoringMonth {key: row.key})
WITH m, collect(DISTINCT row.slot) AS slots
WITH m, [i IN slots WHERE 0 <= i < size(m.values) AND NOT isNaN(m.values[i])] AS taken, m.values AS before
WHERE size(taken) > 0
SET m.values = [i IN range(0, size(before) - 1) | CASE WHEN i IN taken THEN toFloat('NaN') ELSE before[i] END]
CREATE (m)-[:CHANGED]->(:Change {load: $load, at: datetime(), previous_src: m._src, retracted: true,
  fields: [i IN taken | 'day ' + toString(i + 1)], old: [i IN taken | toString(before[i])]})
WITH m, [v IN m.values WHERE NOT isNaN(v)] AS present, size(taken) AS n
SET m.count = size(present),
    m.sum = reduce(s = 0.0, v IN present | s + v),
    m.max = reduce(x = present[0], v IN present | CASE WHEN v > x THEN v ELSE x END),
    m.min = reduce(x = present[0], v IN present | CASE WHEN v < x THEN v ELSE x END)
RETURN m.key AS key, n AS retracted
