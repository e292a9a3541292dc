// check_regional_quota: a region's total-amount quota (区域总量控制指标) for a pollutant and year below the sum of
// what the permits of its enterprises allow that year, or below the sum of their actual emissions (annual execution
// reports). One finding per quota and basis (permitted, actual), concerning the region; the evidence names the
// quota, the region and the 50 largest contributors (enterprise and permit, or report, and the regions between
// the enterprise and the quota's region, so that the evidence draws as one connected graph).
// rule: regional_quota_exceeded; severity: high; scope: region; article: 总量控制制度衔接 (排污许可管理条例 第十一条: 重点污染物总量控制要求)
// params: region: string|null — region code prefix: quotas on that region or inside it (all when null); as_of: date — the day of the check
MATCH (q:Quota {scope: 'region'})
WHERE $region IS NULL OR q.region_prefix STARTS WITH $region
MATCH (q)-[:CAPS]->(g:Region)
MATCH (q)-[:OF_POLLUTANT]->(pol:Pollutant)
CALL (q) {
  OPTIONAL MATCH (e:Enterprise)-[:HOLDS]->(p:Permit)
  WHERE e.region_code STARTS WITH q.region_prefix
    AND p.valid_from <= date({year: q.year, month: 12, day: 31}) AND p.valid_to >= date({year: q.year, month: 1, day: 1})
  CALL (p, q) {
    OPTIONAL MATCH (p)-[:SETS_LIMIT]->(l:PermitLimit)
    WHERE l.pollutant_code = q.pollutant_code AND l.annual_amount_t IS NOT NULL
    WITH collect(l) AS limits
    WITH limits, [l IN limits WHERE l.outlet_key IS NULL] AS whole
    RETURN reduce(s = 0.0, l IN CASE WHEN size(whole) > 0 THEN whole ELSE limits END | s + l.annual_amount_t) AS amount
  }
  WITH e, p, amount WHERE amount > 0
  ORDER BY amount DESC
  RETURN coalesce(sum(amount), 0.0) AS permitted, count(p) AS permits,
    reduce(a = [], x IN collect([e, p])[..50] | a + x) AS permit_proof
}
CALL (q, pol) {
  OPTIONAL MATCH (e:Enterprise)-[:HOLDS]->(:Permit)-[:FILED]->(r:ExecutionReport {kind: 'annual'})-[x:REPORTS_EMISSION]->(pol)
  WHERE e.region_code STARTS WITH q.region_prefix AND r.period = toString(q.year)
  WITH e, r, x ORDER BY x.actual_t DESC
  RETURN coalesce(sum(x.actual_t), 0.0) AS actual, count(r) AS reports, reduce(a = [], y IN collect([e, r])[..50] | a + y) AS report_proof
}
UNWIND [{basis: 'permitted', amount: permitted, n: permits, proof: permit_proof, says: ' permits allow '},
        {basis: 'actual', amount: actual, n: reports, proof: report_proof, says: ' annual reports give '}] AS b
WITH * WHERE b.amount > q.amount_t
CALL (g, b) {
  UNWIND [n IN b.proof WHERE n:Enterprise] AS e
  MATCH path = (e)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..2]->(g)
  UNWIND [n IN nodes(path) WHERE n:Region AND n <> g] AS place
  RETURN collect(DISTINCT place) AS places
}
RETURN q.id + ':' + b.basis AS subject, null AS uscc, g.code AS region, toString(q.year) AS period,
  b.amount AS measured, q.amount_t AS permitted, 't' AS unit,
  pol.name + ' ' + q.year + ' in ' + g.name + ': ' + toString(b.n) + b.says + toString(round(b.amount, 3))
    + ' t vs a regional quota of ' + toString(q.amount_t) + ' t' AS message,
  [elementId(q), elementId(g), elementId(pol)] + [n IN b.proof + places | elementId(n)] AS evidence
