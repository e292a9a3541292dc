// check_concentration_exceedance: measurements above a concentration limit in force for that outlet, pollutant,
// averaging basis and unit — a permit's, an emission standard's or an EIA approval's (pH: outside its range; the
// message names the standard or approval), with the exceedance
// ratio — one finding per value and limit exceeded.
// rule: concentration_exceedance; severity: high; article: 排污许可管理条例 第三十四条 (超过许可排放浓度排放)
// params: usccs: list<string> — the enterprises to check (the caller batches them); as_of: date — the day of the check
UNWIND $usccs AS uscc
MATCH (e:Enterprise {uscc: uscc})-[:HAS_OUTLET]->(o:Outlet)<-[:AT_OUTLET]-(x:Exceedance)
MATCH (x)-[:AGAINST_LIMIT]->(l:PermitLimit)
OPTIONAL MATCH (l)<-[:SETS_LIMIT]-(p:Permit)
OPTIONAL MATCH (l)<-[:SETS_LIMIT]-(a:EIAApproval)
OPTIONAL MATCH (m:MonitoringMonth)-[:HAS_EXCEEDANCE]->(x)
RETURN x.key AS subject, e.uscc AS uscc, toString(x.date) AS period, x.value AS measured, x.limit AS permitted,
  x.unit AS unit,
  o.code + ' ' + x.pollutant + ' ' + toString(x.value) + ' vs '
    + CASE WHEN p IS NOT NULL THEN '' WHEN a IS NOT NULL THEN 'EIA approval ' + a.doc_number + ' '
      ELSE coalesce(l.standard, 'standard') + ' ' END + 'limit ' + toString(x.limit)
    + ' (ratio ' + toString(round(x.ratio, 3)) + ')' AS message,
  [elementId(e), elementId(o), elementId(x), elementId(l)] + CASE WHEN p IS NULL THEN [] ELSE [elementId(p)] END
    + CASE WHEN a IS NULL THEN [] ELSE [elementId(a)] END
    + CASE WHEN m IS NULL THEN [] ELSE [elementId(m)] END AS evidence
