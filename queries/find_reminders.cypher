// find_reminders: what falls due within a window — permits expiring (renewal must be applied for 60 days ahead,
// 排污许可管理条例 第十四条), hazardous-waste licences expiring, execution reports due and not filed.
// params: today: date; until: date — the end of the window; region: string|null; first: int
CALL () {
  MATCH (e:Enterprise)-[:HOLDS]->(p:Permit)
  WHERE p.status = 'valid' AND $today <= p.valid_to <= $until AND ($region IS NULL OR e.region_code STARTS WITH $region)
  RETURN 'permit_expiry' AS kind, p.valid_to AS due_on, p.valid_to - duration({days: 60}) AS act_by,
    e.uscc AS uscc, e.name AS name, 'Permit' AS label, p.number AS key,
    'permit ' + p.number + ' expires ' + toString(p.valid_to) + '; apply for renewal by ' +
      toString(p.valid_to - duration({days: 60})) AS message
  UNION
  MATCH (e:Enterprise)-[:HOLDS_LICENCE]->(l:HazardousWasteLicence)
  WHERE $today <= l.valid_to <= $until AND ($region IS NULL OR e.region_code STARTS WITH $region)
  RETURN 'licence_expiry' AS kind, l.valid_to AS due_on, l.valid_to - duration({days: 30}) AS act_by,
    e.uscc AS uscc, e.name AS name, 'HazardousWasteLicence' AS label, l.number AS key,
    'hazardous-waste licence ' + l.number + ' expires ' + toString(l.valid_to) AS message
  UNION
  MATCH (e:Enterprise)-[:HOLDS]->(:Permit)-[:FILED]->(r:ExecutionReport)
  WHERE r.submitted_on IS NULL AND $today <= r.due_on <= $until
    AND ($region IS NULL OR e.region_code STARTS WITH $region)
  RETURN 'report_due' AS kind, r.due_on AS due_on, r.due_on AS act_by, e.uscc AS uscc, e.name AS name,
    'ExecutionReport' AS label, r.key AS key, r.kind + ' report ' + r.period + ' due ' + toString(r.due_on) AS message
}
RETURN kind, due_on, act_by, uscc, name, label, key, message
ORDER BY act_by, kind, key
LIMIT $first
