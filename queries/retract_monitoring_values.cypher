// retract_monitoring_values: take monitoring values back (a source withdrew them): each day slot becomes empty, the
// old value is kept in a (:Change) of its bucket, and count/sum/min/max are recomputed; the caller re-derives the
// buckets' exceedances, so what the values caused goes, and the next check closes its findings.
// params: rows: list<{key, slot}> — a MonitoringMonth key and a 0-based day slot; load: string — an id for the Change
UNWIND $rows AS row
MATCH (m:MonitoringMonth {key: row.key})
WITH m, collect(DISTINCT row.slot) AS slots
WITH m, slots, [i IN slots WHERE 0 <= i < size(m.values) AND NOT isNaN(m.values[i])] AS taken, m.values AS before,
  [i IN slots WHERE m.suspect IS NOT NULL AND 0 <= i < size(m.suspect) AND NOT isNaN(m.suspect[i])] AS flagged
WHERE size(taken) + size(flagged) > 0
SET m.values = [i IN range(0, size(before) - 1) | CASE WHEN i IN taken THEN toFloat('NaN') ELSE before[i] END]
CREATE (m)-[:CHANGED]->(:Change {load: $load, at: datetime(), previous_src: m._src, retracted: true,
  fields: [i IN taken | 'day ' + toString(i + 1)] + [i IN flagged | 'implausible day ' + toString(i + 1)],
  old: [i IN taken | toString(before[i])] + [i IN flagged | toString(m.suspect[i])]})
WITH m, size(taken) + size(flagged) AS n, [i IN range(0, 30) | CASE WHEN m.suspect IS NULL OR i IN slots THEN toFloat('NaN')
    ELSE m.suspect[i] END] AS suspect
SET m.suspect = CASE WHEN any(v IN suspect WHERE NOT isNaN(v)) THEN suspect END
FOREACH (_ IN CASE WHEN m.suspect IS NULL THEN [1] ELSE [] END | REMOVE m:Implausible)
WITH m, n, [v IN m.values WHERE NOT isNaN(v)] AS present
SET m.count = size(present),
    m.sum = reduce(s = 0.0, v IN present | s + v),
    m.max = reduce(x = present[0], v IN present | CASE WHEN v > x THEN v ELSE x END),
    m.min = reduce(x = present[0], v IN present | CASE WHEN v < x THEN v ELSE x END)
RETURN m.key AS key, n AS retracted
