// check_data_quality: identifiers the loaders flagged (a USCC or permit number failing its check) and permits
// missing required content (no outlet covered, no limit) — subjects are prefixed by what is wrong.
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
  MATCH (e)-[:HOLDS]->(p:Permit) WHERE p.status = 'valid' AND NOT (p)-[:SETS_LIMIT]->(:PermitLimit)
  RETURN 'permit-content:' + p.number AS subject, 'valid permit sets no limit' AS message,
    [elementId(e), elementId(p)] AS evidence
}
RETURN subject, e.uscc AS uscc, null AS period, null AS measured, null AS permitted, null AS unit, message, evidence
