// check_untreated_outlets: an outlet (main or general; not a fugitive source or boundary point) the permit sets a concentration limit for (so its discharge must be treated to
// meet it) that no treatment facility discharges to — fed straight from production facilities (a bypass, 直排) or
// from nothing on record (生产设施—治污设施—排放口 broken).
// rule: outlet_without_treatment; severity: medium; article: 排污许可管理条例 第十七条 (污染防治设施) / 第三十四条 (逃避监管)
// params: usccs: list<string> — the enterprises to check (the caller batches them); as_of: date — the day of the check
UNWIND $usccs AS uscc
MATCH (e:Enterprise {uscc: uscc})-[:HAS_OUTLET]->(o:Outlet)
WHERE NOT (o)<-[:DISCHARGES_TO]-(:TreatmentFacility) AND o.kind IN ['main', 'general']  // a fugitive source or boundary point is no outlet
CALL (o) {
  MATCH (o)<-[:FOR_OUTLET]-(l:PermitLimit)<-[:SETS_LIMIT]-(p:Permit)
  WHERE l.concentration_max IS NOT NULL
  RETURN collect(DISTINCT p) AS permits, collect(l) AS limits
}
WITH e, o, permits, limits WHERE size(limits) > 0
OPTIONAL MATCH (o)<-[:DISCHARGES_TO]-(f:ProductionFacility)
WITH e, o, permits, limits, collect(f) AS sources
RETURN o.key AS subject, e.uscc AS uscc, null AS period, toFloat(size(sources)) AS measured, null AS permitted,
  'untreated sources' AS unit,
  o.kind + ' outlet ' + o.code + ' (' + o.name + ') has permitted limits but no treatment facility'
    + CASE WHEN size(sources) > 0
      THEN '; fed directly by ' + reduce(s = '', f IN sources | s + CASE WHEN s = '' THEN '' ELSE ', ' END + f.code)
      ELSE '' END AS message,
  [elementId(e), elementId(o)] + [n IN permits + limits + sources | elementId(n)] AS evidence
