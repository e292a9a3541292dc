// find_reminders: what must be acted on by the end of a window, judged by the act-by date, not the due date — a
// permit's renewal must be applied for 60 days before it expires (排污许可管理条例 第十四条), a hazardous-waste
// licence's 30 days before, an execution report by its deadline — and what is overdue: an act-by date already past
// while the permit or licence still runs, or a report due and not filed. Soonest action first.
// params: today: date; until: date — the end of the window (act-by on or before it); region: string|null;
//   uscc: string|null — one enterprise; first: int
CALL () {
  MATCH (e:Enterprise)-[:HOLDS]->(p:Permit)
  WHERE p.status = 'valid' AND p.valid_to >= $today AND p.valid_to - duration({days: 60}) <= $until
    AND ($region IS NULL OR e.region_code STARTS WITH $region) AND ($uscc IS NULL OR e.uscc = $uscc)
  WITH e, p, p.valid_to - duration({days: 60}) AS act_by
  RETURN 'permit_expiry' AS kind, p.valid_to AS due_on, act_by, act_by < $today AS overdue,
    e.uscc AS uscc, e.name AS name, 'Permit' AS label, p.number AS key,
    'permit ' + p.number + ' expires ' + toString(p.valid_to) + '; apply for renewal by ' + toString(act_by)
      + CASE WHEN act_by < $today THEN ' (overdue)' ELSE '' END AS message
  UNION
  MATCH (e:Enterprise)-[:HOLDS_LICENCE]->(l:HazardousWasteLicence)
  WHERE l.valid_to >= $today AND l.valid_to - duration({days: 30}) <= $until
    AND ($region IS NULL OR e.region_code STARTS WITH $region) AND ($uscc IS NULL OR e.uscc = $uscc)
  WITH e, l, l.valid_to - duration({days: 30}) AS act_by
  RETURN 'licence_expiry' AS kind, l.valid_to AS due_on, act_by, act_by < $today AS overdue,
    e.uscc AS uscc, e.name AS name, 'HazardousWasteLicence' AS label, l.number AS key,
    'hazardous-waste licence ' + l.number + ' expires ' + toString(l.valid_to) + '; apply by ' + toString(act_by)
      + CASE WHEN act_by < $today THEN ' (overdue)' ELSE '' END AS message
  UNION
  MATCH (e:Enterprise)-[:HOLDS]->(:Permit)-[:FILED]->(r:ExecutionReport)
  WHERE r.submitted_on IS NULL AND r.due_on <= $until
    AND ($region IS NULL OR e.region_code STARTS WITH $region) AND ($uscc IS NULL OR e.uscc = $uscc)
  RETURN 'report_due' AS kind, r.due_on AS due_on, r.due_on AS act_by, r.due_on < $today AS overdue,
    e.uscc AS uscc, e.name AS name, 'ExecutionReport' AS label, r.key AS key,
    r.kind + ' report ' + r.period + ' due ' + toString(r.due_on)
      + CASE WHEN r.due_on < $today THEN ' (overdue, not filed)' ELSE '' END AS message
}
RETURN kind, due_on, act_by, overdue, uscc, name, label, key, message
ORDER BY act_by, kind, key
LIMIT $first
