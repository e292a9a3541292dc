// check_annual_amount_exceedance: actual annual emissions above the permitted annual amount — the enterprise-wide
// amount if the permit sets one, else the sum of its outlets' amounts. Actual is what the annual execution report
// gives; where no submitted annual report gives that pollutant for a year whose report is due, it is estimated
// from monitoring: per outlet with an annual amount and a concentration limit, (mean measured concentration that
// year ÷ permitted concentration) × the outlet's permitted annual amount — the permitted amount is concentration ×
// flow × hours, so this keeps the permit's flow and operating time and puts in what was measured.
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
UNION
UNWIND $usccs AS uscc
MATCH (e:Enterprise {uscc: uscc})-[:HOLDS]->(p:Permit)-[:SETS_LIMIT]->(l:PermitLimit)-[:FOR_OUTLET]->(o:Outlet)
WHERE l.annual_amount_t IS NOT NULL AND l.concentration_max > 0 AND l.concentration_min IS NULL
MATCH (o)-[:HAS_SERIES]->(m:MonitoringMonth)
WHERE m.pollutant = l.pollutant_code AND m.count > 0 AND (m.unit = l.unit OR l.unit IS NULL)
WITH e, p, l, o, m.month.year AS year, sum(m.sum) AS total, sum(m.count) AS n, collect(m) AS months
WHERE date({year: year + 1, month: 1, day: 15}) <= $as_of
  AND NOT EXISTS {
    MATCH (p)-[:FILED]->(r:ExecutionReport {kind: 'annual'})-[:REPORTS_EMISSION]->(:Pollutant {code: l.pollutant_code})
    WHERE r.period = toString(year) AND r.submitted_on IS NOT NULL
  }
WITH e, p, year, l.pollutant_code AS code,
  sum(total / n / l.concentration_max * l.annual_amount_t) AS estimated, collect(l) AS limits,
  collect(o) AS outlets, reduce(a = [], ms IN collect(months) | a + ms) AS months
CALL (p, code) {
  OPTIONAL MATCH (p)-[:SETS_LIMIT]->(w:PermitLimit)
  WHERE w.pollutant_code = code AND w.outlet_key IS NULL AND w.annual_amount_t IS NOT NULL
  RETURN collect(w) AS whole
}
WITH e, p, year, code, estimated, outlets, months, CASE WHEN size(whole) > 0 THEN whole ELSE limits END AS basis
WITH *, reduce(s = 0.0, l IN basis | s + l.annual_amount_t) AS permitted
WHERE estimated > permitted
MATCH (pol:Pollutant {code: code})
RETURN p.number + ':' + toString(year) + ':' + code AS subject, e.uscc AS uscc, toString(year) AS period,
  estimated AS measured, permitted, 't' AS unit,
  pol.name + ' ' + toString(round(estimated, 3)) + ' t estimated from monitoring for ' + toString(year)
    + ' (no annual report gives it) vs ' + toString(permitted) + ' t permitted' AS message,
  [elementId(e), elementId(p), elementId(pol)] + [n IN basis + outlets + months | elementId(n)] AS evidence
