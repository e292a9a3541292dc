// check_annual_amount_exceedance: actual annual emissions in an annual execution report above the permitted annual
// amount — the enterprise-wide amount if the permit sets one, else the sum of its outlets' amounts.
// rule: annual_amount_exceedance; severity: high; article: 排污许可管理条例 第三十四条 (超过许可排放量排放)
// params: usccs: list<string> — the enterprises to check (the caller batches them); as_of: date — the day of the check
UNWIND $usccs AS uscc
MATCH (e:Enterprise {uscc: uscc})-[:HOLDS]->(p:Permit)-[:FILED]->(r:ExecutionReport {kind: 'annual'})
MATCH (r)-[x:REPORTS_EMISSION]->(pol:Pollutant)
CALL (p, pol) {
  OPTIONAL MATCH (p)-[:SETS_LIMIT]->(l:PermitLimit)-[:OF_POLLUTANT]->(pol) WHERE l.annual_amount_t IS NOT NULL
  WITH collect(l) AS limits
  WITH limits, [l IN limits WHERE l.outlet_key IS NULL] AS whole
  RETURN CASE WHEN size(whole) > 0 THEN whole ELSE limits END AS basis
}
WITH e, p, r, x, pol, basis, reduce(s = 0.0, l IN basis | s + l.annual_amount_t) AS permitted
WHERE size(basis) > 0 AND x.actual_t > permitted
RETURN p.number + ':' + r.period + ':' + pol.code AS subject, e.uscc AS uscc, r.period AS period,
  x.actual_t AS measured, permitted, 't' AS unit,
  pol.name + ' ' + toString(x.actual_t) + ' t reported for ' + r.period + ' vs ' + toString(permitted) + ' t permitted' AS message,
  [elementId(e), elementId(p), elementId(r), elementId(pol)] + [l IN basis | elementId(l)] AS evidence
