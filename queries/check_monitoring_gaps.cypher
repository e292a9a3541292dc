// check_monitoring_gaps: self-monitoring missing — a main outlet of a key-class enterprise (which must monitor its
// main outlets automatically) with no automatic measurement at all, or with whole months missing inside its
// automatic series; a main outlet of a simplified-class enterprise with no measurement at all, or with a whole
// quarter without any inside its series (quarterly is the loosest frequency HJ 819 sets for main outlets). A series
// that stopped while a permit still runs is missing from where it stopped: until the last month the record covers
// (the latest month monitored anywhere in the graph, not after the check day's previous month) or the permit ends.
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
  OPTIONAL MATCH (e)-[:HOLDS]->(p:Permit) WHERE p.status <> 'revoked'
  RETURN max(p.valid_to) AS permit_end
}
CALL () {  // the index on MonitoringMonth.month answers this from its end
  OPTIONAL MATCH (m:MonitoringMonth) WHERE m.month IS NOT NULL
  WITH m ORDER BY m.month DESC LIMIT 1 RETURN m.month AS covered
}
WITH e, o, months, permit_end, covered,
  reduce(a = null, x IN months | CASE WHEN a IS NULL OR x < a THEN x ELSE a END) AS first,
  reduce(a = null, x IN months | CASE WHEN a IS NULL OR x > a THEN x ELSE a END) AS last
WITH e, o, months, first, last, [covered, date.truncate('month', $as_of) - duration({months: 1}),
    date.truncate('month', permit_end)] AS caps
WITH e, o, months, first, CASE WHEN last IS NOT NULL AND all(x IN caps WHERE x IS NOT NULL AND x >= last)
  THEN reduce(a = caps[0], x IN caps | CASE WHEN x < a THEN x ELSE a END) ELSE last END AS last
WITH e, o, months, CASE WHEN first IS NULL THEN [] ELSE
    [i IN range(0, (last.year - first.year) * 12 + last.month - first.month) | first + duration({months: i})] END AS span
WITH e, o, months, [d IN span WHERE NOT d IN months] AS missing
WHERE size(months) = 0 OR size(missing) > 0
RETURN o.key AS subject, e.uscc AS uscc,
  CASE WHEN size(months) = 0 THEN null ELSE toString(missing[0]) + '/' + toString(missing[-1]) END AS period,
  toFloat(size(missing)) AS measured, 0.0 AS permitted, 'months missing' AS unit,
  CASE WHEN size(months) = 0 THEN 'main outlet ' + o.code + ' has no automatic monitoring'
    ELSE 'main outlet ' + o.code + ': ' + toString(size(missing)) + ' month(s) without automatic monitoring from ' +
      toString(missing[0]) END AS message,
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
  OPTIONAL MATCH (e)-[:HOLDS]->(p:Permit) WHERE p.status <> 'revoked'
  RETURN max(p.valid_to) AS permit_end
}
CALL () {  // the index on MonitoringMonth.month answers this from its end
  OPTIONAL MATCH (m:MonitoringMonth) WHERE m.month IS NOT NULL
  WITH m ORDER BY m.month DESC LIMIT 1 RETURN m.month AS covered
}
WITH e, o, months, permit_end, covered,
  reduce(a = null, x IN months | CASE WHEN a IS NULL OR x < a THEN x ELSE a END) AS first,
  reduce(a = null, x IN months | CASE WHEN a IS NULL OR x > a THEN x ELSE a END) AS last
WITH e, o, months, first, last, [date.truncate('quarter', covered + duration({months: 1})) - duration({months: 3}),
    date.truncate('quarter', $as_of) - duration({months: 3}), date.truncate('quarter', permit_end)] AS caps
WITH e, o, months, first, CASE WHEN last IS NOT NULL AND all(x IN caps WHERE x IS NOT NULL AND x >= last)
  THEN reduce(a = caps[0], x IN caps | CASE WHEN x < a THEN x ELSE a END) ELSE last END AS last
WITH e, o, months, CASE WHEN first IS NULL THEN [] ELSE
    [i IN range(0, ((last.year - first.year) * 12 + last.month - first.month) / 3) | first + duration({months: 3 * i})]
  END AS span
WITH e, o, months, [d IN span WHERE NOT d IN months] AS missing
WHERE size(months) = 0 OR size(missing) > 0
RETURN o.key AS subject, e.uscc AS uscc,
  CASE WHEN size(months) = 0 THEN null ELSE toString(missing[0]) + '/' + toString(missing[-1]) END AS period,
  toFloat(size(missing)) AS measured, 0.0 AS permitted, 'quarters missing' AS unit,
  CASE WHEN size(months) = 0 THEN 'main outlet ' + o.code + ' has no self-monitoring'
    ELSE 'main outlet ' + o.code + ': ' + toString(size(missing)) + ' quarter(s) without self-monitoring from ' +
      toString(missing[0]) END AS message,
  [elementId(e), elementId(o)] AS evidence
