// get_permit_view: the one-permit view (一证式) in one statement — the hand-written reference the query benchmark
// compares GraphQL against: holder, outlets, limits per pollutant, incorporated EIA approvals, latest reports with
// actual vs permitted amounts, recent exceedances, inspections and violations.
// params: number: string — Permit.number; recent: int — how many reports, exceedances, inspections, violations
MATCH (p:Permit {number: $number})<-[:HOLDS]-(e:Enterprise)
RETURN p {.*} AS permit, e {.*} AS enterprise, COUNT { (p)-[:COVERS]->(:Outlet)<-[:AT_OUTLET]-(:Exceedance) } AS exceedance_count,
  COUNT { (p)-[:FILED]->(:ExecutionReport) } AS report_count,
  COUNT { (e)<-[:INSPECTED]-(:Inspection) } AS inspection_count,
  COUNT { (p)<-[:UNDER_PERMIT]-(:Violation) } AS violation_count,
  COLLECT { MATCH (p)-[:COVERS]->(o:Outlet) RETURN o {.*} ORDER BY o.code } AS outlets,
  COLLECT { MATCH (p)-[:SETS_LIMIT]->(l:PermitLimit) RETURN l {.*} ORDER BY l.pollutant_code, l.outlet_key } AS limits,
  COLLECT { MATCH (p)-[:INCORPORATES]->(a:EIAApproval) RETURN a {.*} ORDER BY a.approved_on DESC, a.doc_number } AS approvals,
  COLLECT {
    MATCH (p)-[:FILED]->(r:ExecutionReport)
    WITH p, r ORDER BY r.due_on DESC, r.period DESC LIMIT $recent
    CALL (p, r) {
      MATCH (r)-[x:REPORTS_EMISSION]->(pol:Pollutant)
      CALL (p, pol) {
        OPTIONAL MATCH (p)-[:SETS_LIMIT]->(l:PermitLimit)-[:OF_POLLUTANT]->(pol) WHERE l.annual_amount_t IS NOT NULL
        WITH sum(CASE WHEN l.outlet_key IS NULL THEN l.annual_amount_t END) AS whole,
             sum(CASE WHEN l.outlet_key IS NOT NULL THEN l.annual_amount_t END) AS per_outlet, count(l) AS n
        RETURN CASE WHEN n = 0 THEN null WHEN whole > 0 THEN whole ELSE per_outlet END AS permitted
      }
      WITH pol, x, permitted ORDER BY pol.code
      RETURN collect(pol {.*, actual_t: x.actual_t, permitted_t: permitted}) AS emissions
    }
    RETURN r {.*, emissions: emissions}
  } AS reports,
  COLLECT {
    MATCH (p)-[:COVERS]->(:Outlet)<-[:AT_OUTLET]-(x:Exceedance) RETURN x {.*} ORDER BY x.date DESC, x.key LIMIT $recent
  } AS exceedances,
  COLLECT { MATCH (e)<-[:INSPECTED]-(i:Inspection) RETURN i {.*} ORDER BY i.date DESC, i.id LIMIT $recent } AS inspections,
  COLLECT { MATCH (p)<-[:UNDER_PERMIT]-(v:Violation) RETURN v {.*} ORDER BY v.date DESC, v.id LIMIT $recent } AS violations
