// trace_outlet: everything behind one outlet — treatment facilities discharging to it, the production facilities
// feeding them (or discharging to it untreated), the EIA approvals of those facilities, the permit and limits
// covering the outlet, and its exceedances (count and the most recent) — the chain 生产设施—治污设施—排放口.
// params: key: string — outlet key "<USCC>:<outlet code>"; recent: int — how many recent exceedances to return
MATCH (e:Enterprise)-[:HAS_OUTLET]->(o:Outlet {key: $key})
RETURN e {.uscc, .name, .region_code, .industry_code, .management_class} AS enterprise,
  o {.*} AS outlet,
  COLLECT {
    MATCH (t:TreatmentFacility)-[:DISCHARGES_TO]->(o)
    RETURN t {.key, .code, .name, .technology,
      sources: COLLECT {
        MATCH (f:ProductionFacility)-[:FEEDS]->(t)
        RETURN f {.key, .code, .name, .capacity,
          approvals: COLLECT { MATCH (a:EIAApproval)-[:APPROVES]->(f) RETURN a {.doc_number, .authority, .approved_on, .project} }}
        ORDER BY f.code }}
    ORDER BY t.code
  } AS treatments,
  COLLECT {
    MATCH (f:ProductionFacility)-[:DISCHARGES_TO]->(o)
    RETURN f {.key, .code, .name, .capacity,
      approvals: COLLECT { MATCH (a:EIAApproval)-[:APPROVES]->(f) RETURN a {.doc_number, .authority, .approved_on, .project} }}
    ORDER BY f.code
  } AS untreated,
  COLLECT {
    MATCH (p:Permit)-[:SETS_LIMIT]->(l:PermitLimit)-[:FOR_OUTLET]->(o)
    RETURN l {.pollutant_code, .concentration_max, .concentration_min, .unit, .basis, .annual_amount_t, permit: p.number}
    ORDER BY l.pollutant_code
  } AS limits,
  COLLECT {
    MATCH (e)-[:HOLDS]->(p:Permit)
    RETURN p {.number, .status, .valid_from, .valid_to, .management_class, .authority,
      approvals: COLLECT { MATCH (p)-[:INCORPORATES]->(a:EIAApproval) RETURN a {.doc_number, .authority, .approved_on, .project} }}
  } AS permits,
  COUNT { (o)<-[:AT_OUTLET]-(:Exceedance) } AS exceedance_count,
  COLLECT {
    MATCH (o)<-[:AT_OUTLET]-(x:Exceedance)
    RETURN x {.date, .pollutant, .value, .limit, .unit, .ratio, .basis}
    ORDER BY x.date DESC LIMIT $recent
  } AS recent_exceedances
