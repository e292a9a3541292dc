// check_data_quality: what the loaders flagged in the enterprise's own data (a USCC or permit number failing its
// check, monitoring values that cannot be what was measured: negative, a pH above 14, kept apart from their series)
// and permits
// missing required content (no outlet covered, no limit) — subjects are prefixed by what is wrong. An industry the
// bundled GB/T 4754 table does not resolve is a gap in the table, not the enterprise's: the load summary counts it
// (and the node keeps industry_problem), no finding is raised against the enterprise.
// rule: data_quality; severity: low; article: 排污许可管理条例 第八条 (申请材料应当真实、准确、完整)
// params: usccs: list<string> — the enterprises to check (the caller batches them); as_of: date — the day of the check
UNWIND $usccs AS uscc
MATCH (e:Enterprise {uscc: uscc})
CALL (e) {
  WITH e WHERE e.uscc_problem IS NOT NULL
  RETURN 'uscc:' + e.uscc AS subject, 'USCC fails its check: ' + e.uscc_problem AS message, [elementId(e)] AS evidence
  UNION
  MATCH (e)-[:HOLDS]->(p:Permit) WHERE p.number_problem IS NOT NULL
  RETURN 'permit-number:' + p.number AS subject, 'permit number fails its check: ' + p.number_problem AS message,
    [elementId(e), elementId(p)] AS evidence
  UNION
  MATCH (e)-[:HOLDS]->(p:Permit)-[:SETS_LIMIT]->(l:PermitLimit)-[:OF_POLLUTANT]->(pol:Pollutant {listed: false})
  RETURN 'pollutant:' + l.key AS subject,
    'limit for ' + pol.code + ', an HJ 212 code the bundled dictionary does not hold (its name and unit unknown)'
    AS message, [elementId(e), elementId(p), elementId(l), elementId(pol)] AS evidence
  UNION
  MATCH (e)-[:HOLDS]->(p:Permit)-[:SETS_LIMIT]->(l:PermitLimit)
  WHERE l.unit IS NULL AND (l.concentration_max IS NOT NULL OR l.concentration_min IS NOT NULL)
  RETURN 'limit-unit:' + l.key AS subject, 'concentration limit without a unit judges no value' AS message,
    [elementId(e), elementId(p), elementId(l)] AS evidence
  UNION
  MATCH (e)-[:HAS_OUTLET]->(o:Outlet)-[:HAS_SERIES]->(m:Implausible)
  WITH e, o, m, [i IN range(0, size(m.suspect) - 1) WHERE NOT isNaN(m.suspect[i])] AS days
  RETURN 'implausible:' + m.key AS subject,
    'outlet ' + o.code + ', ' + m.pollutant + ': ' + toString(size(days)) + ' implausible value(s), kept apart and '
    + 'judging no limit: ' + reduce(t = '', i IN days | t + CASE WHEN t = '' THEN '' ELSE '; ' END
      + toString(m.month + duration({days: i})) + ' ' + toString(m.suspect[i]) + ' ' + m.unit
      + CASE WHEN m.suspect[i] < 0 THEN ' (negative)' ELSE ' (above the most it can be)' END) AS message,
    [elementId(e), elementId(o), elementId(m)] AS evidence
  UNION
  MATCH (e)-[:HOLDS]->(p:Permit) WHERE p.status = 'valid' AND NOT (p)-[:SETS_LIMIT]->(:PermitLimit)
  RETURN 'permit-content:' + p.number AS subject,
    CASE WHEN 'status' IN coalesce(p.assumed, []) THEN 'permit (status not in the source, assumed valid) sets no limit'
      ELSE 'valid permit sets no limit' END AS message,
    [elementId(e), elementId(p)] AS evidence
}
RETURN subject, e.uscc AS uscc, null AS period, null AS measured, null AS permitted, null AS unit, message, evidence
