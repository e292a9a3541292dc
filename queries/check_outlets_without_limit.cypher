// check_outlets_without_limit: an outlet (main or general) with no permitted limit at all (no permit clause governs what it emits).
// rule: outlet_without_limit; severity: medium; article: 排污许可管理条例 第三十六条 (未按排污许可证规定设置排放口)
// params: usccs: list<string> — the enterprises to check (the caller batches them); as_of: date — the day of the check
UNWIND $usccs AS uscc
MATCH (e:Enterprise {uscc: uscc})-[:HAS_OUTLET]->(o:Outlet)
WHERE NOT (o)<-[:FOR_OUTLET]-(:PermitLimit) AND o.kind IN ['main', 'general']  // a fugitive source or boundary point is no outlet
OPTIONAL MATCH (e)-[:HOLDS]->(p:Permit)
WITH e, o, collect(p) AS permits
RETURN o.key AS subject, e.uscc AS uscc, null AS period, 0.0 AS measured, null AS permitted, null AS unit,
  o.kind + ' outlet ' + o.code + ' (' + o.name + ') has no permitted limit' AS message,
  [elementId(e), elementId(o)] + [p IN permits | elementId(p)] AS evidence
