// derive_exceedances: (re)compute Exceedance nodes for the given monitoring buckets against the outlet's
// permitted concentration limit for that pollutant (pH: outside [concentration_min, concentration_max]).
// Old exceedances of those buckets are removed first, so re-running is idempotent.
// Exceedance ratio = (value − limit) / limit (below a range: (min − value) / min).
// params: keys: list<string> — MonitoringMonth keys.
UNWIND $keys AS key
MATCH (m:MonitoringMonth {key: key})
OPTIONAL MATCH (m)-[:HAS_EXCEEDANCE]->(old:Exceedance)
DETACH DELETE old
WITH DISTINCT m
MATCH (o:Outlet {key: m.outlet_key})<-[:FOR_OUTLET]-(l:PermitLimit)-[:OF_POLLUTANT]->(p:Pollutant {code: m.pollutant})
WHERE (l.concentration_max IS NOT NULL AND m.max > l.concentration_max)
   OR (l.concentration_min IS NOT NULL AND m.min < l.concentration_min)
UNWIND range(0, 30) AS i
WITH m, o, l, p, i, m.values[i] AS v
WHERE NOT isNaN(v) AND (v > l.concentration_max OR (l.concentration_min IS NOT NULL AND v < l.concentration_min))
WITH m, o, l, p, i, v, CASE WHEN v > l.concentration_max THEN l.concentration_max ELSE l.concentration_min END AS lim
CREATE (x:Exceedance {key: m.key + ':' + toString(i + 1)})
SET x.date = m.month + duration({days: i}), x.value = v, x.limit = lim, x.unit = m.unit,
    x.ratio = abs(v - lim) / lim, x.pollutant = m.pollutant, x.outlet_key = o.key, x.basis = m.basis
CREATE (m)-[:HAS_EXCEEDANCE]->(x)
CREATE (x)-[:AT_OUTLET]->(o)
CREATE (x)-[:OF_POLLUTANT]->(p)
CREATE (x)-[:AGAINST_LIMIT]->(l)
RETURN count(*) AS created
