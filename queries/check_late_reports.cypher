// check_late_reports: execution reports filed after their due date, or not filed although due before the check day —
// also when the source has no row for them: every holder files an annual report for each year its permit ran, due
// on 15 January of the next year for each year a version of its permit ran (the windows of its issue, renewals and
// changes, not only the current one); one missing from the record is late from the first year the record covers (the
// earliest annual report on record; for a permit with none, the last year due). A year whose annual report the
// permit's successor (or predecessor) filed is not owed again; permits in force side by side each owe their own. Quarterly reports, owed by the
// classes and industries the rules name (unconfirmed: kept in data, not code), are expected from the first quarter
// a permit has one on record, for the first three quarters: the fourth is covered by the annual report (HJ 944-2018
// 排污许可证执行报告技术规范: 提交年度执行报告的季度不再单独提交季度执行报告), so a Q4 report is neither expected
// nor late while that year's annual report is on record. Revoked permits owe none after. A report the record does not
// hold is owed only as far as the record goes: the last due date among the reports its source (the loads that wrote
// the enterprise's reports, or the enterprise) gave — a record that ends in 2024 does not make 2025's reports late.
// rule: late_report; severity: medium; article: 排污许可管理条例 第三十七条 (未按时提交执行报告)
// params: usccs: list<string> — the enterprises to check (the caller batches them); as_of: date — the day of the check
UNWIND $usccs AS uscc
MATCH (e:Enterprise {uscc: uscc})-[:HOLDS]->(p:Permit)-[:FILED]->(r:ExecutionReport)
WHERE ((r.submitted_on IS NOT NULL AND r.submitted_on > r.due_on)
   OR (r.submitted_on IS NULL AND r.due_on < $as_of))
  AND NOT (r.kind = 'quarterly' AND r.period ENDS WITH 'Q4' AND r.submitted_on IS NULL
    AND EXISTS { (p)-[:FILED]->(:ExecutionReport {kind: 'annual', period: left(r.period, 4)}) })
WITH e, p, r, CASE WHEN r.submitted_on IS NULL THEN $as_of ELSE r.submitted_on END AS seen
RETURN r.key AS subject, e.uscc AS uscc, r.period AS period,
  toFloat(duration.inDays(r.due_on, seen).days) AS measured, 0.0 AS permitted, 'days late' AS unit,
  r.kind + ' report ' + r.period + CASE WHEN r.submitted_on IS NULL THEN ' not filed, due ' + toString(r.due_on)
    ELSE ' filed ' + toString(r.submitted_on) + ', due ' + toString(r.due_on) END AS message,
  [elementId(e), elementId(p), elementId(r)] AS evidence
UNION
UNWIND $usccs AS uscc
MATCH (e:Enterprise {uscc: uscc})-[:HOLDS]->(p:Permit)
CALL (p) {
  OPTIONAL MATCH (p)-[:FILED]->(r:ExecutionReport {kind: 'annual'})
  RETURN min(toInteger(r.period)) AS first_year
}
CALL (e) {  // how far its record goes: the last due date the loads of its reports (or of itself) wrote
  OPTIONAL MATCH (e)-[:HOLDS]->(:Permit)-[:FILED]->(x:ExecutionReport)
  WITH e, collect(DISTINCT x._load) AS loads
  OPTIONAL MATCH (run:LoadRun) WHERE run.id IN loads + [e._load]
  RETURN max(run.reports_until) AS record_until
}
CALL (p) {  // the windows of its versions (issue, renewals, changes) and its own: a year any of them ran is owed
  OPTIONAL MATCH (p)-[:HAS_EVENT]->(ev:PermitEvent) WHERE ev.valid_from IS NOT NULL AND ev.kind <> 'revocation'
  WITH p, collect({f: ev.valid_from, t: ev.valid_to}) AS versions
  RETURN versions + [{f: p.valid_from, t: p.valid_to}] AS windows
}
WITH e, p, windows, record_until, coalesce(first_year,
  $as_of.year - CASE WHEN $as_of > date({year: $as_of.year, month: 1, day: 15}) THEN 1 ELSE 2 END) AS since
UNWIND range(since, $as_of.year - 1) AS year
WITH e, p, windows, record_until, year, date({year: year + 1, month: 1, day: 15}) AS due
WHERE due < $as_of AND (record_until IS NULL OR due <= record_until)
  AND any(w IN windows WHERE w.f IS NOT NULL AND w.f <= date({year: year, month: 12, day: 31})
    AND coalesce(w.t, date({year: year, month: 12, day: 31})) >= date({year: year, month: 1, day: 1}))
  AND NOT (p.status = 'revoked' AND p.valid_to < date({year: year, month: 1, day: 1}))
  AND NOT EXISTS { (p)-[:FILED]->(:ExecutionReport {period: toString(year)}) }
  // a successor's annual report covers the year the permit it replaced ran in (permits whose windows do not
  // overlap: one after the other); permits in force side by side each owe their own
  AND NOT EXISTS { (e)-[:HOLDS]->(q:Permit)-[:FILED]->(:ExecutionReport {kind: 'annual', period: toString(year)})
    WHERE q <> p AND (q.valid_from > p.valid_to OR q.valid_to < p.valid_from) }
RETURN p.number + ':' + toString(year) AS subject, e.uscc AS uscc, toString(year) AS period,
  toFloat(duration.inDays(due, $as_of).days) AS measured, 0.0 AS permitted, 'days late' AS unit,
  'annual report ' + toString(year) + ' not filed (none on record), due ' + toString(due)
    + CASE WHEN record_until IS NULL THEN '' ELSE ' (the record runs to ' + toString(record_until) + ')' END AS message,
  [elementId(e), elementId(p)] AS evidence
UNION
UNWIND $usccs AS uscc
MATCH (e:Enterprise {uscc: uscc})-[:HOLDS]->(p:Permit)
CALL (e) {
  OPTIONAL MATCH (e)-[:HOLDS]->(:Permit)-[:FILED]->(x:ExecutionReport)
  WITH e, collect(DISTINCT x._load) AS loads
  OPTIONAL MATCH (run:LoadRun) WHERE run.id IN loads + [e._load]
  RETURN max(run.reports_until) AS record_until
}
CALL (p) {
  MATCH (p)-[:FILED]->(r:ExecutionReport {kind: 'quarterly'})
  RETURN min(toInteger(left(r.period, 4)) * 4 + toInteger(right(r.period, 1)) - 1) AS first_quarter
}
UNWIND CASE WHEN first_quarter IS NULL THEN [] ELSE range(first_quarter, $as_of.year * 4 + $as_of.quarter - 2) END AS k
WITH e, p, record_until, k / 4 AS year, k % 4 + 1 AS quarter
WITH e, p, record_until, year, quarter, toString(year) + 'Q' + toString(quarter) AS period,
  date({year: year + CASE WHEN quarter = 4 THEN 1 ELSE 0 END, month: (quarter * 3) % 12 + 1, day: 15}) AS due,
  date({year: year, month: quarter * 3 - 2, day: 1}) AS starts
WHERE due < $as_of AND (record_until IS NULL OR due <= record_until) AND quarter < 4 AND p.valid_from < starts + duration({months: 3}) AND p.valid_to >= starts
  AND NOT EXISTS { (p)-[:FILED]->(:ExecutionReport {period: period}) }
RETURN p.number + ':' + period AS subject, e.uscc AS uscc, period,
  toFloat(duration.inDays(due, $as_of).days) AS measured, 0.0 AS permitted, 'days late' AS unit,
  'quarterly report ' + period + ' not filed (none on record), due ' + toString(due)
    + CASE WHEN record_until IS NULL THEN '' ELSE ' (the record runs to ' + toString(record_until) + ')' END AS message,
  [elementId(e), elementId(p)] AS evidence
