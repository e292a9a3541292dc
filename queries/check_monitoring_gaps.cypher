// check_monitoring_gaps: self-monitoring missing — a main outlet of a key-class enterprise (which must monitor its
// main outlets automatically) with no automatic measurement at all, or with whole months missing inside its
// automatic series; a main outlet of a simplified-class enterprise with no measurement at all, or with a whole
// quarter without any inside its series (quarterly is the loosest frequency HJ 819 sets for main outlets).
// rule: monitoring_gap; severity: medium; article: 排污许可管理条例 第二十条 / 第三十六条 (未按规定开展自行监测)
// params: usccs: list<string> — the enterprises to check (the caller batches them); as_of: date — the day of the check
UNWIND $usccs AS uscc
MATCH (e:Enterprise {uscc: uscc})-[:HAS_OUTLET]->(o:Outlet {kind: 'main'})
WHERE e.management_class = 'key'
CALL (o) {
  OPTIONAL MATCH (o)-[:HAS_SERIES]->(m:MonitoringMonth {method: 'auto'})
  RETURN collect(DISTINCT m.month) AS months
}
WITH e, o, months,
  reduce(a = null, x IN months | CASE WHEN a IS NULL OR x < a THEN x ELSE a END) AS first,
  reduce(a = null, x IN months | CASE WHEN a IS NULL OR x > a THEN x ELSE a END) AS last
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
WITH e, o, months,
  reduce(a = null, x IN months | CASE WHEN a IS NULL OR x < a THEN x ELSE a END) AS first,
  reduce(a = null, x IN months | CASE WHEN a IS NULL OR x > a THEN x ELSE a END) AS last
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
