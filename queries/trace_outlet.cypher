// trace_outlet: everything behind one outlet in one statement — its enterprise, the treatment facilities
// discharging to it, the production facilities feeding them (or discharging to it untreated), the EIA approvals of
// those facilities, the permits covering it with their EIA approvals, its limits and its exceedances (count and the
// most recent) — the chain 生产设施—治污设施—排放口. Lists are ordered as the hop queries order them, so the API
// can prime its DataLoaders with them (one round trip for the whole trace).
// params: key: string — outlet key "<USCC>:<outlet code>"; recent: int — how many recent exceedances to return
MATCH (e:Enterprise)-[:HAS_OUTLET]->(o:Outlet {key: $key})
RETURN e {.*} AS enterprise, o {.*} AS outlet,
  COLLECT {
    MATCH (t:TreatmentFacility)-[:DISCHARGES_TO]->(o)
    RETURN {node: t {.*}, sources: COLLECT {
        MATCH (f:ProductionFacility)-[:FEEDS]->(t)
        RETURN {node: f {.*}, approvals: COLLECT {
          MATCH (a:EIAApproval)-[:APPROVES]->(f) RETURN a {.*} ORDER BY a.approved_on DESC, a.doc_number }}
        ORDER BY f.code }}
    ORDER BY t.code
  } AS treatments,
  COLLECT {
    MATCH (f:ProductionFacility)-[:DISCHARGES_TO]->(o)
    RETURN {node: f {.*}, approvals: COLLECT {
      MATCH (a:EIAApproval)-[:APPROVES]->(f) RETURN a {.*} ORDER BY a.approved_on DESC, a.doc_number }}
    ORDER BY f.code
  } AS untreated,
  COLLECT { MATCH (o)<-[:FOR_OUTLET]-(l:PermitLimit) RETURN l {.*} ORDER BY l.pollutant_code, l.key } AS limits,
  COLLECT {
    MATCH (p:Permit)-[:COVERS]->(o)
    RETURN {node: p {.*}, approvals: COLLECT {
      MATCH (p)-[:INCORPORATES]->(a:EIAApproval) RETURN a {.*} ORDER BY a.approved_on DESC, a.doc_number }}
    ORDER BY p.valid_from DESC, p.number
  } AS permits,
  COUNT { (o)<-[:AT_OUTLET]-(:Exceedance) } AS exceedance_count,
  COUNT { (o)-[:HAS_SERIES]->(:MonitoringMonth) } AS series_count,
  COLLECT {
    MATCH (o)<-[:AT_OUTLET]-(x:Exceedance) RETURN x {.*} ORDER BY x.date DESC, x.key LIMIT $recent
  } AS exceedances
