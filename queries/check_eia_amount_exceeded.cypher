// check_eia_amount_exceeded: a permitted annual amount above what the incorporated EIA approval allowed for that
// pollutant (环评批复总量) — the permit must not allow more than the EIA approved. Judged for the permit in force on the
// check day (per holder: the enterprise, or each of its sites), else the holder's latest: an expired permit and its
// valid successor never both raise it; a revoked permit allows nothing.
// rule: eia_amount_exceeded; severity: high; article: 排污许可管理条例 第十一条 (环评衔接: 许可排放量不得超过环评批复)
// params: usccs: list<string> — the enterprises to check (the caller batches them); as_of: date — the day of the check
UNWIND $usccs AS uscc
MATCH (e:Enterprise {uscc: uscc})-[:HOLDS]->(p:Permit) WHERE coalesce(p.status, '') <> 'revoked'
OPTIONAL MATCH (s:Site)-[:HOLDS]->(p)
WITH e, coalesce(s.key, e.uscc) AS holder, p,
  CASE WHEN coalesce(p.valid_from, $as_of) <= $as_of AND coalesce(p.valid_to, $as_of) >= $as_of THEN 0 ELSE 1 END AS off
ORDER BY off, p.valid_from DESC, p.number
WITH e, holder, collect(p)[0] AS p
MATCH (p)-[:INCORPORATES]->(a:EIAApproval)-[x:APPROVES_AMOUNT]->(pol:Pollutant)
CALL (p, pol) {
  OPTIONAL MATCH (p)-[:SETS_LIMIT]->(l:PermitLimit)-[:OF_POLLUTANT]->(pol) WHERE l.annual_amount_t IS NOT NULL
  WITH collect(l) AS limits
  WITH limits, [l IN limits WHERE l.outlet_key IS NULL] AS whole
  RETURN CASE WHEN size(whole) > 0 THEN whole ELSE limits END AS basis
}
WITH e, p, a, x, pol, basis, reduce(s = 0.0, l IN basis | s + l.annual_amount_t) AS permitted
WHERE size(basis) > 0 AND permitted > x.amount_t
RETURN p.number + ':' + a.doc_number + ':' + pol.code AS subject, e.uscc AS uscc, null AS period,
  permitted AS measured, x.amount_t AS permitted, 't/a' AS unit,
  pol.name + ': permit allows ' + toString(permitted) + ' t/a, ' + a.doc_number + ' approved ' + toString(x.amount_t) AS message,
  [elementId(e), elementId(p), elementId(a), elementId(pol)] + [l IN basis | elementId(l)] AS evidence
