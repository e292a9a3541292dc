// check_monitoring_gaps: self-monitoring missing — a main outlet of a key-class enterprise (which must monitor its
// main outlets automatically) with no automatic measurement at all, or with whole months missing inside its
// automatic series; a main outlet of a simplified-class enterprise with no measurement at all, or with a whole
// quarter without any inside its series (quarterly is the loosest frequency HJ 819 sets for main outlets). A series
// that stopped while a permit still runs is missing from where it stopped: until the last month the enterprise's
// record covers (how far the sources its monitoring came from go — each load notes the last month it wrote —, else
// its own last month: an export that simply ends earlier than another's is no gap), not after the check day's
// previous month, or until the permit ends;
// with no permit end (no permit, only a revoked one, or one without valid_to) the series is judged where it runs.
// Where a limit states its self-monitoring frequency (监测频次 of the permit or the monitoring plan: 1次/季 → P3M),
// each period of it the limit was in force and the enterprise's record covers (from its first month monitored to how
// far its sources go — with none, the graph's span —, the period over before the check day) must hold a
// value of that outlet and pollutant (an automatic one for 自动监测); a frequency finer than monthly is judged month
// by month. Several limits of one outlet and pollutant: the finest frequency over the span of their windows.
// rule: monitoring_gap; severity: medium; article: 排污许可管理条例 第二十条 / 第三十六条 (未按规定开展自行监测)
// params: usccs: list<string> — the enterprises to check (the caller batches them); as_of: date — the day of the check
UNWIND $usccs AS uscc
MATCH (e:Enterprise {uscc: uscc})-[:HAS_OUTLET]->(o:Outlet {kind: 'main'})
WHERE e.management_class = 'key'
CALL (o) {
  OPTIONAL MATCH (o)-[:HAS_SERIES]->(m:MonitoringMonth {method: 'auto'})
  RETURN collect(DISTINCT m.month) AS months
}
CALL (e) {
  OPTIONAL MATCH (e)-[:HOLDS]->(p:Permit) WHERE coalesce(p.status, '') <> 'revoked'
  RETURN max(p.valid_to) AS permit_end
}
CALL (e) {  // the extent of its record: how far the sources of its monitoring go (their loads'), else its own last
  OPTIONAL MATCH (e)-[:HAS_OUTLET]->(:Outlet)-[:HAS_SERIES]->(m:MonitoringMonth)
  WITH collect(DISTINCT m._load) AS loads, max(m.month) AS own
  OPTIONAL MATCH (r:LoadRun) WHERE r.id IN loads
  WITH own, max(r.monitoring_until) AS noted
  RETURN coalesce(noted, own) AS covered
}
WITH e, o, months, permit_end, covered,
  reduce(a = null, x IN months | CASE WHEN a IS NULL OR x < a THEN x ELSE a END) AS first,
  reduce(a = null, x IN months | CASE WHEN a IS NULL OR x > a THEN x ELSE a END) AS last
WITH e, o, months, first, last, covered, [covered, date.truncate('month', $as_of) - duration({months: 1}),
    CASE WHEN permit_end IS NULL THEN null ELSE date.truncate('month', permit_end) END] AS caps
WITH e, o, months, first, covered, CASE WHEN last IS NOT NULL AND all(x IN caps WHERE x IS NOT NULL AND x >= last)
  THEN reduce(a = caps[0], x IN caps | CASE WHEN x < a THEN x ELSE a END) ELSE last END AS last
WITH e, o, months, covered, CASE WHEN first IS NULL THEN [] ELSE
    [i IN range(0, (last.year - first.year) * 12 + last.month - first.month) | first + duration({months: i})] END AS span
WITH e, o, months, covered, [d IN span WHERE NOT d IN months] AS missing
WHERE size(months) = 0 OR size(missing) > 0
RETURN o.key AS subject, e.uscc AS uscc,
  CASE WHEN size(months) = 0 THEN null ELSE toString(missing[0]) + '/' + toString(missing[-1]) END AS period,
  toFloat(size(missing)) AS measured, 0.0 AS permitted, 'months missing' AS unit,
  CASE WHEN size(months) = 0 THEN 'main outlet ' + o.code + ' has no automatic monitoring'
    ELSE 'main outlet ' + o.code + ': ' + toString(size(missing)) + ' month(s) without automatic monitoring from ' +
      toString(missing[0]) + CASE WHEN covered IS NULL THEN '' ELSE ' (the record runs to ' +
      substring(toString(covered), 0, 7) + ')' END END AS message,
  [elementId(e), elementId(o)] AS evidence
UNION
UNWIND $usccs AS uscc
MATCH (e:Enterprise {uscc: uscc})-[:HAS_OUTLET]->(o:Outlet {kind: 'main'})
WHERE e.management_class = 'simplified'
CALL (o) {
  OPTIONAL MATCH (o)-[:HAS_SERIES]->(m:MonitoringMonth)
  RETURN collect(DISTINCT date.truncate('quarter', m.month)) AS months
}
CALL (e) {
  OPTIONAL MATCH (e)-[:HOLDS]->(p:Permit) WHERE coalesce(p.status, '') <> 'revoked'
  RETURN max(p.valid_to) AS permit_end
}
CALL (e) {  // the extent of its record: how far the sources of its monitoring go (their loads'), else its own last
  OPTIONAL MATCH (e)-[:HAS_OUTLET]->(:Outlet)-[:HAS_SERIES]->(m:MonitoringMonth)
  WITH collect(DISTINCT m._load) AS loads, max(m.month) AS own
  OPTIONAL MATCH (r:LoadRun) WHERE r.id IN loads
  WITH own, max(r.monitoring_until) AS noted
  RETURN coalesce(noted, own) AS covered
}
WITH e, o, months, permit_end, covered,
  reduce(a = null, x IN months | CASE WHEN a IS NULL OR x < a THEN x ELSE a END) AS first,
  reduce(a = null, x IN months | CASE WHEN a IS NULL OR x > a THEN x ELSE a END) AS last
WITH e, o, months, first, last, covered, [CASE WHEN covered IS NULL THEN null
      ELSE date.truncate('quarter', covered + duration({months: 1})) - duration({months: 3}) END,
    date.truncate('quarter', $as_of) - duration({months: 3}),
    CASE WHEN permit_end IS NULL THEN null ELSE date.truncate('quarter', permit_end) END] AS caps
WITH e, o, months, first, covered, CASE WHEN last IS NOT NULL AND all(x IN caps WHERE x IS NOT NULL AND x >= last)
  THEN reduce(a = caps[0], x IN caps | CASE WHEN x < a THEN x ELSE a END) ELSE last END AS last
WITH e, o, months, covered, CASE WHEN first IS NULL THEN [] ELSE
    [i IN range(0, ((last.year - first.year) * 12 + last.month - first.month) / 3) | first + duration({months: 3 * i})]
  END AS span
WITH e, o, months, covered, [d IN span WHERE NOT d IN months] AS missing
WHERE size(months) = 0 OR size(missing) > 0
RETURN o.key AS subject, e.uscc AS uscc,
  CASE WHEN size(months) = 0 THEN null ELSE toString(missing[0]) + '/' + toString(missing[-1]) END AS period,
  toFloat(size(missing)) AS measured, 0.0 AS permitted, 'quarters missing' AS unit,
  CASE WHEN size(months) = 0 THEN 'main outlet ' + o.code + ' has no self-monitoring'
    ELSE 'main outlet ' + o.code + ': ' + toString(size(missing)) + ' quarter(s) without self-monitoring from ' +
      toString(missing[0]) + CASE WHEN covered IS NULL THEN '' ELSE ' (the record runs to ' +
      substring(toString(covered), 0, 7) + ')' END END AS message,
  [elementId(e), elementId(o)] AS evidence
UNION
UNWIND $usccs AS uscc
MATCH (e:Enterprise {uscc: uscc})-[:HAS_OUTLET]->(o:Outlet)<-[:FOR_OUTLET]-(l:PermitLimit)
WHERE l.frequency IS NOT NULL
OPTIONAL MATCH (l)<-[:SETS_LIMIT]-(p:Permit)
WITH e, o, l, p WHERE p IS NULL OR coalesce(p.status, '') <> 'revoked'
WITH e, o, l.pollutant_code AS pollutant, l.frequency = 'continuous' AS auto,
  CASE WHEN l.frequency ENDS WITH 'Y' AND l.frequency STARTS WITH 'P' AND NOT l.frequency STARTS WITH 'PT'
      THEN 12 * toInteger(substring(l.frequency, 1, size(l.frequency) - 2))
    WHEN l.frequency ENDS WITH 'M' AND NOT l.frequency STARTS WITH 'PT'
      THEN toInteger(substring(l.frequency, 1, size(l.frequency) - 2))
    ELSE 1 END AS step, l.frequency AS frequency,
  coalesce(l.valid_from, p.valid_from) AS since, coalesce(l.valid_to, p.valid_to) AS until
WITH e, o, pollutant, auto, CASE WHEN step IN [1, 2, 3, 4, 6, 12] THEN step ELSE 1 END AS step, frequency, since, until
WITH e, o, pollutant, min(step) AS step, collect({step: step, frequency: frequency, auto: auto}) AS asked,
  min(since) AS since, CASE WHEN count(until) < count(*) THEN null ELSE max(until) END AS until
WITH e, o, pollutant, step, [x IN asked WHERE x.step = step][0] AS finest, since, until
WITH e, o, pollutant, step, finest.frequency AS frequency, finest.auto AS auto, since, until
CALL (e) {  // the span of its record: from its first month monitored to how far the sources of its monitoring go
  OPTIONAL MATCH (e)-[:HAS_OUTLET]->(:Outlet)-[:HAS_SERIES]->(m:MonitoringMonth)
  WITH collect(DISTINCT m._load) AS loads, min(m.month) AS own_first, max(m.month) AS own
  OPTIONAL MATCH (r:LoadRun) WHERE r.id IN loads
  WITH own_first, own, max(r.monitoring_until) AS noted
  RETURN own_first, coalesce(noted, own) AS own_last
}
CALL () {  // with no record of its own, the graph's span (index-backed): it had to monitor within it
  OPTIONAL MATCH (m:MonitoringMonth) WHERE m.month IS NOT NULL
  WITH m ORDER BY m.month ASC LIMIT 1 RETURN m.month AS graph_first
}
CALL () {
  OPTIONAL MATCH (m:MonitoringMonth) WHERE m.month IS NOT NULL
  WITH m ORDER BY m.month DESC LIMIT 1 RETURN m.month AS graph_last
}
WITH e, o, pollutant, step, frequency, auto, since, until,
  coalesce(own_first, graph_first) AS earliest, coalesce(own_last, graph_last) AS covered
WITH e, o, pollutant, step, frequency, auto, since, until, earliest, covered
WHERE earliest IS NOT NULL
CALL (o, pollutant, auto) {
  OPTIONAL MATCH (o)-[:HAS_SERIES]->(m:MonitoringMonth)
  WHERE m.pollutant = pollutant AND m.count > 0 AND (NOT auto OR m.method CONTAINS 'auto')
  RETURN collect(DISTINCT m.month) AS months
}
WITH e, o, pollutant, step, frequency, months, covered,
  CASE WHEN since IS NULL OR since < earliest THEN earliest ELSE since END AS start,
  [x IN [until, covered, $as_of - duration({days: 1})] WHERE x IS NOT NULL] AS ends
WITH e, o, pollutant, step, frequency, months, covered,
  date({year: start.year, month: ((start.month - 1) / step) * step + 1}) AS first,
  reduce(a = ends[0], x IN ends | CASE WHEN x < a THEN x ELSE a END) AS last
WITH e, o, pollutant, step, frequency, months, covered, first, last,
  [i IN range(0, ((last.year - first.year) * 12 + last.month - first.month) / step) | first + duration({months: step * i})]
    AS periods
WITH e, o, pollutant, step, frequency,
  [d IN periods WHERE d + duration({months: step}) <= $as_of AND d <= covered
    AND NOT any(m IN months WHERE d <= m < d + duration({months: step}))] AS missing
WHERE size(missing) > 0
WITH e, o, pollutant, step, frequency, [d IN missing | CASE step
    WHEN 12 THEN toString(d.year)
    WHEN 6 THEN toString(d.year) + 'H' + toString((d.month + 5) / 6)
    WHEN 3 THEN toString(d.year) + 'Q' + toString(d.quarter)
    ELSE substring(toString(d), 0, 7) END] AS labels
RETURN o.key + ':' + pollutant AS subject, e.uscc AS uscc, labels[0] + '/' + labels[-1] AS period,
  toFloat(size(labels)) AS measured, 0.0 AS permitted, 'periods missing' AS unit,
  'outlet ' + o.code + ', ' + pollutant + ' (monitoring required ' + frequency + '): no value in ' +
    reduce(t = '', x IN labels | t + CASE WHEN t = '' THEN '' ELSE ', ' END + x) AS message,
  [elementId(e), elementId(o)] AS evidence
