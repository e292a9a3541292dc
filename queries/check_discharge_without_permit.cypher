// check_discharge_without_permit: monitoring values dated outside every validity window of the permits of the
// outlet's holder — the enterprise, or for a company running several sites the outlet's site, which holds its own —
// (before issue, after expiry without renewal, after revocation, or in a gap between versions): one finding per
// enterprise (or site), with the first and last such day and how many days.
// rule: discharge_without_permit; severity: critical; article: 排污许可管理条例 第三十三条 (无证排污 / 有效期届满后继续排污)
// params: usccs: list<string> — the enterprises to check (the caller batches them); as_of: date — the day of the check
UNWIND $usccs AS uscc
MATCH (e:Enterprise {uscc: uscc})
CALL (e) {
  RETURN e AS holder
  UNION
  MATCH (e)-[:HAS_SITE]->(s:Site) RETURN s AS holder
}
CALL (holder) {
  OPTIONAL MATCH (holder)-[:HOLDS]->(p:Permit)
  OPTIONAL MATCH (p)-[:HAS_EVENT]->(ev:PermitEvent)
  WITH p, collect(ev) AS events
  WITH p, [ev IN events WHERE ev.kind = 'revocation' | ev.date] AS revoked,
    [ev IN events WHERE ev.valid_from IS NOT NULL AND ev.valid_to IS NOT NULL | {from: ev.valid_from, to: ev.valid_to}] AS windows
  WITH p, revoked, CASE WHEN size(windows) = 0 AND p IS NOT NULL THEN [{from: p.valid_from, to: p.valid_to}] ELSE windows END AS windows
  UNWIND CASE WHEN size(windows) = 0 THEN [null] ELSE windows END AS w
  WITH p, w, CASE WHEN size(revoked) > 0 THEN reduce(d = revoked[0], x IN revoked | CASE WHEN x < d THEN x ELSE d END) END AS cut
  WITH collect(DISTINCT p) AS permits,
    [x IN collect(CASE WHEN w IS NULL THEN null WHEN cut IS NOT NULL AND cut <= w.to THEN {from: w.from, to: cut - duration({days: 1})} ELSE w END) WHERE x IS NOT NULL] AS windows
  RETURN permits, windows
}
MATCH (holder)-[:HAS_OUTLET]->(o:Outlet)-[:HAS_SERIES]->(m:MonitoringMonth)
WHERE holder:Site OR NOT EXISTS { (:Site)-[:HAS_OUTLET]->(o) }  // a site's outlet is judged by the site's permits
WITH e, holder, permits, windows, o, m, m.month + duration({months: 1}) - duration({days: 1}) AS month_end
WHERE NOT any(w IN windows WHERE w.from <= m.month AND month_end <= w.to)
UNWIND range(0, 30) AS i
WITH e, holder, permits, windows, o, m, i, m.month + duration({days: i}) AS day
WHERE i < size(m.values) AND NOT isNaN(m.values[i]) AND NOT any(w IN windows WHERE w.from <= day <= w.to)
WITH e, holder, permits, min(day) AS first, max(day) AS last, count(DISTINCT day) AS days,
  collect(DISTINCT o) AS outlets, collect(DISTINCT m)[..12] AS months
RETURN CASE WHEN holder:Site THEN holder.key ELSE e.uscc END AS subject, e.uscc AS uscc,
  toString(first) + '/' + toString(last) AS period, toFloat(days) AS measured, 0.0 AS permitted, 'days' AS unit,
  toString(days) + ' days of monitored discharge outside any permit validity'
    + CASE WHEN holder:Site THEN ' of site ' + holder.site ELSE '' END
    + ', ' + toString(first) + ' to ' + toString(last) AS message,
  [elementId(e)] + CASE WHEN holder:Site THEN [elementId(holder)] ELSE [] END + [p IN permits | elementId(p)]
    + [o IN outlets | elementId(o)] + [m IN months | elementId(m)] AS evidence
