// check_late_reports: execution reports filed after their due date, or not filed although due before the check day.
// rule: late_report; severity: medium; article: 排污许可管理条例 第三十七条 (未按时提交执行报告)
// params: usccs: list<string> — the enterprises to check (the caller batches them); as_of: date — the day of the check
UNWIND $usccs AS uscc
MATCH (e:Enterprise {uscc: uscc})-[:HOLDS]->(p:Permit)-[:FILED]->(r:ExecutionReport)
WHERE (r.submitted_on IS NOT NULL AND r.submitted_on > r.due_on)
   OR (r.submitted_on IS NULL AND r.due_on < $as_of)
WITH e, p, r, CASE WHEN r.submitted_on IS NULL THEN $as_of ELSE r.submitted_on END AS seen
RETURN r.key AS subject, e.uscc AS uscc, r.period AS period,
  toFloat(duration.inDays(r.due_on, seen).days) AS measured, 0.0 AS permitted, 'days late' AS unit,
  r.kind + ' report ' + r.period + CASE WHEN r.submitted_on IS NULL THEN ' not filed, due ' + toString(r.due_on)
    ELSE ' filed ' + toString(r.submitted_on) + ', due ' + toString(r.due_on) END AS message,
  [elementId(e), elementId(p), elementId(r)] AS evidence
