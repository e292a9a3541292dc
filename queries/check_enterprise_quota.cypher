// check_enterprise_quota: an enterprise's total-amount quota (总量控制指标) for a pollutant and year — allocated, plus
// quota bought and minus quota sold in emissions trades (排污权交易) that year — below what its permits allow that year
// (enterprise-wide annual amount, else the sum of its outlets', over the permits valid during the year) or below its
// actual emission (annual execution reports). One finding per quota and basis (permitted, actual).
// rule: enterprise_quota_exceeded; severity: high; article: 排污许可管理条例 第十一条 (重点污染物总量控制要求) / 第三十四条 (超总量排放)
// params: usccs: list<string> — the enterprises to check (the caller batches them); as_of: date — the day of the check
UNWIND $usccs AS uscc
MATCH (e:Enterprise {uscc: uscc})-[:HOLDS_QUOTA]->(q:Quota)-[:OF_POLLUTANT]->(pol:Pollutant)
CALL (e, q) {
  OPTIONAL MATCH (e)-[:SOLD_QUOTA]->(t:QuotaTrade) WHERE t.year = q.year AND t.pollutant_code = q.pollutant_code
  RETURN collect(t) AS sold
}
CALL (e, q) {
  OPTIONAL MATCH (e)<-[:BOUGHT_BY]-(t:QuotaTrade) WHERE t.year = q.year AND t.pollutant_code = q.pollutant_code
  RETURN collect(t) AS bought
}
CALL (e, q) {
  OPTIONAL MATCH (e)-[:HOLDS]->(p:Permit)
  WHERE p.valid_from <= date({year: q.year, month: 12, day: 31}) AND p.valid_to >= date({year: q.year, month: 1, day: 1})
  CALL (p, q) {
    OPTIONAL MATCH (p)-[:SETS_LIMIT]->(l:PermitLimit)
    WHERE l.pollutant_code = q.pollutant_code AND l.annual_amount_t IS NOT NULL
    WITH collect(l) AS limits
    WITH limits, [l IN limits WHERE l.outlet_key IS NULL] AS whole
    RETURN CASE WHEN size(whole) > 0 THEN whole ELSE limits END AS basis
  }
  WITH p, basis WHERE size(basis) > 0
  RETURN sum(reduce(s = 0.0, l IN basis | s + l.annual_amount_t)) AS permitted,
    collect(p) + reduce(a = [], b IN collect(basis) | a + b) AS permits
}
CALL (e, q, pol) {
  OPTIONAL MATCH (e)-[:HOLDS]->(:Permit)-[:FILED]->(r:ExecutionReport {kind: 'annual'})-[x:REPORTS_EMISSION]->(pol)
  WHERE r.period = toString(q.year)
  RETURN coalesce(sum(x.actual_t), 0.0) AS actual, collect(r) AS reports
}
WITH e, q, pol, sold, bought, permitted, permits, actual, reports,
  reduce(s = 0.0, t IN bought | s + t.amount_t) AS plus, reduce(s = 0.0, t IN sold | s + t.amount_t) AS minus
WITH *, q.amount_t + plus - minus AS held
UNWIND [{basis: 'permitted', amount: permitted, proof: permits, says: 'permits allow '},
        {basis: 'actual', amount: actual, proof: reports, says: 'reported actual '}] AS b
WITH * WHERE b.amount > held
RETURN q.id + ':' + b.basis AS subject, e.uscc AS uscc, toString(q.year) AS period, b.amount AS measured,
  held AS permitted, 't' AS unit,
  pol.name + ' ' + q.year + ': ' + b.says + toString(round(b.amount, 3)) + ' t vs a quota of ' + toString(round(held, 3))
    + ' t held (allocated ' + toString(q.amount_t)
    + CASE WHEN plus > 0 THEN ', bought ' + toString(round(plus, 3)) ELSE '' END
    + CASE WHEN minus > 0 THEN ', sold ' + toString(round(minus, 3)) ELSE '' END + ')' AS message,
  [elementId(e), elementId(q), elementId(pol)] + [n IN sold + bought + b.proof | elementId(n)] AS evidence
