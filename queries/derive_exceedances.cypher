// derive_exceedances: upsert the Exceedance nodes of the given monitoring buckets — one per value and per limit it
// exceeds. A limit judges a value when it is of the same outlet, pollutant, averaging basis and unit (mg/m3 and
// mg/Nm3 are different units; a limit without a unit judges nothing) and in force on the value's day: the limit's own
// window (valid_from/valid_to; a standard's effective date) where the source gives one, else one of its permit's
// versions (issue, renewals, changes; the permit's validity when it has no history). A limit comes from a permit
// (许可排放浓度) or from an emission standard (执行标准, no permit behind it). Every applicable limit exceeded
// gives its own exceedance (a daily limit of two permit records: two). A value equal to its limit is no exceedance.
// Keys are stable — "<bucket key>:<day>/<limit key>" — so a reload merges the same nodes (findings keep their
// evidence); the exceedances of these buckets that no longer hold (a corrected value, a changed limit) are removed.
// A seasonal limit judges the days of its season only: heating 采暖季 15 Nov – 15 Mar, non_heating the rest (day and
// night limits are of the noise levels Ld and Ln, which their pollutant already says).
// Exceedance ratio = (value − limit) / limit (below a range: (min − value) / min).
// params: keys: list<string> — MonitoringMonth keys.
UNWIND $keys AS key
MATCH (m:MonitoringMonth {key: key})
CALL (m) {
  OPTIONAL MATCH (o:Outlet {key: m.outlet_key})<-[:FOR_OUTLET]-(l:PermitLimit)
  WHERE l.pollutant_code = m.pollutant AND l.basis = m.basis AND l.unit = m.unit
    AND ((l.concentration_max IS NOT NULL AND m.max > l.concentration_max)
      OR (l.concentration_min IS NOT NULL AND m.min < l.concentration_min))
  OPTIONAL MATCH (l)<-[:SETS_LIMIT]-(p:Permit)  // none for an emission standard's limit
  OPTIONAL MATCH (p)-[:HAS_EVENT]->(ev:PermitEvent) WHERE ev.valid_from IS NOT NULL AND ev.valid_to IS NOT NULL
  WITH m, o, l, p, collect(CASE WHEN ev IS NOT NULL THEN {since: ev.valid_from, until: ev.valid_to} END) AS versions
  WITH m, o, l, CASE
      WHEN l.valid_from IS NOT NULL OR l.valid_to IS NOT NULL THEN [{since: l.valid_from, until: l.valid_to}]
      WHEN size(versions) > 0 THEN versions  // the permit's versions: issue, renewals, changes
      WHEN p IS NOT NULL THEN [{since: p.valid_from, until: p.valid_to}]
      ELSE [{since: null, until: null}] END AS windows  // a standard without an effective date: always
  UNWIND CASE WHEN l IS NULL THEN [] ELSE range(0, size(m.values) - 1) END AS i
  WITH m, o, l, i, m.values[i] AS v, m.month + duration({days: i}) AS day, windows
  WHERE NOT isNaN(v) AND (v > l.concentration_max OR v < l.concentration_min)
    AND any(w IN windows WHERE (w.since IS NULL OR w.since <= day) AND (w.until IS NULL OR day <= w.until))
    AND (NOT coalesce(l.period, '') IN ['heating', 'non_heating']
      OR (l.period = 'heating') = (day.month IN [12, 1, 2] OR day.month = 11 AND day.day >= 15
                                   OR day.month = 3 AND day.day <= 15))
  RETURN collect({key: m.key + ':' + toString(i + 1) + '/' + l.key, day: day, value: v, limit: l, outlet: o,
    bound: CASE WHEN v > l.concentration_max THEN l.concentration_max ELSE l.concentration_min END}) AS found
}
CALL (m, found) {
  MATCH (m)-[:HAS_EXCEEDANCE]->(old:Exceedance) WHERE NOT old.key IN [f IN found | f.key]
  DETACH DELETE old
}
WITH m, found
MATCH (pol:Pollutant {code: m.pollutant})
UNWIND found AS f
WITH m, pol, f, f.outlet AS o, f.limit AS l
MERGE (x:Exceedance {key: f.key})
SET x.date = f.day, x.value = f.value, x.limit = f.bound, x.unit = m.unit, x.ratio = abs(f.value - f.bound) / f.bound,
    x.pollutant = m.pollutant, x.outlet_key = o.key, x.basis = m.basis, x.limit_key = l.key
MERGE (m)-[:HAS_EXCEEDANCE]->(x)
MERGE (x)-[:AT_OUTLET]->(o)
MERGE (x)-[:OF_POLLUTANT]->(pol)
MERGE (x)-[:AGAINST_LIMIT]->(l)
RETURN count(*) AS created
