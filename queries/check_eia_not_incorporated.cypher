// check_eia_not_incorporated: an EIA approval of the enterprise that approved production facilities, but is not
// incorporated into its permit (the facilities it allowed are not covered by the permit's conditions).
// rule: eia_not_incorporated; severity: medium; article: 排污许可管理条例 第十一条 (环评批复要求纳入排污许可证)
// params: usccs: list<string> — the enterprises to check (the caller batches them); as_of: date — the day of the check
UNWIND $usccs AS uscc
MATCH (e:Enterprise {uscc: uscc})-[:OBTAINED]->(a:EIAApproval)-[:APPROVES]->(f:ProductionFacility)
MATCH (e)-[:HOLDS]->(p:Permit)
WHERE p.status <> 'revoked' AND NOT (p)-[:INCORPORATES]->(a)
WITH e, a, collect(DISTINCT f) AS facilities, collect(DISTINCT p) AS permits
RETURN a.doc_number AS subject, e.uscc AS uscc, toString(a.approved_on) AS period, toFloat(size(facilities)) AS measured,
  0.0 AS permitted, 'facilities' AS unit,
  a.doc_number + ' approved ' + toString(size(facilities)) + ' facilities but is not incorporated into the permit'
    + CASE WHEN any(p IN permits WHERE 'status' IN coalesce(p.assumed, []))
      THEN ' (a permit status the source does not give is assumed)' ELSE '' END AS message,
  [elementId(e), elementId(a)] + [f IN facilities | elementId(f)] + [p IN permits | elementId(p)] AS evidence
