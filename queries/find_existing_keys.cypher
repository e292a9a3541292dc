// find_existing_keys: which referenced keys already exist in the graph (for reference checks during validation).
// params: refs: list<{label, key}> — label is one of Enterprise, ProductionFacility, TreatmentFacility, Outlet,
//   EIAApproval, Permit, ExecutionReport, Inspection, Violation, Site
UNWIND $refs AS ref
CALL (ref) {
  MATCH (n:Enterprise {uscc: ref.key}) WHERE ref.label = 'Enterprise' RETURN count(n) AS c
  UNION ALL
  MATCH (n:ProductionFacility {key: ref.key}) WHERE ref.label = 'ProductionFacility' RETURN count(n) AS c
  UNION ALL
  MATCH (n:TreatmentFacility {key: ref.key}) WHERE ref.label = 'TreatmentFacility' RETURN count(n) AS c
  UNION ALL
  MATCH (n:Outlet {key: ref.key}) WHERE ref.label = 'Outlet' RETURN count(n) AS c
  UNION ALL
  MATCH (n:EIAApproval {doc_number: ref.key}) WHERE ref.label = 'EIAApproval' RETURN count(n) AS c
  UNION ALL
  MATCH (n:Permit {number: ref.key}) WHERE ref.label = 'Permit' RETURN count(n) AS c
  UNION ALL
  MATCH (n:ExecutionReport {key: ref.key}) WHERE ref.label = 'ExecutionReport' RETURN count(n) AS c
  UNION ALL
  MATCH (n:Inspection {id: ref.key}) WHERE ref.label = 'Inspection' RETURN count(n) AS c
  UNION ALL
  MATCH (n:Site {key: ref.key}) WHERE ref.label = 'Site' RETURN count(n) AS c
  UNION ALL
  MATCH (n:Violation {id: ref.key}) WHERE ref.label = 'Violation' RETURN count(n) AS c
}
WITH ref, sum(c) AS found WHERE found > 0
RETURN ref.label AS label, ref.key AS key
