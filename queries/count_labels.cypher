// count_labels: how many nodes carry each label of the model (for /health, dashboards and load checks).
// Each branch names its label so that Neo4j answers from its count store, in constant time.
// params: none
MATCH (n:Region) RETURN 'Region' AS label, count(n) AS count
UNION ALL
MATCH (n:Industry) RETURN 'Industry' AS label, count(n) AS count
UNION ALL
MATCH (n:Pollutant) RETURN 'Pollutant' AS label, count(n) AS count
UNION ALL
MATCH (n:Enterprise) RETURN 'Enterprise' AS label, count(n) AS count
UNION ALL
MATCH (n:ProductionFacility) RETURN 'ProductionFacility' AS label, count(n) AS count
UNION ALL
MATCH (n:TreatmentFacility) RETURN 'TreatmentFacility' AS label, count(n) AS count
UNION ALL
MATCH (n:Outlet) RETURN 'Outlet' AS label, count(n) AS count
UNION ALL
MATCH (n:EIAApproval) RETURN 'EIAApproval' AS label, count(n) AS count
UNION ALL
MATCH (n:Permit) RETURN 'Permit' AS label, count(n) AS count
UNION ALL
MATCH (n:PermitEvent) RETURN 'PermitEvent' AS label, count(n) AS count
UNION ALL
MATCH (n:PermitLimit) RETURN 'PermitLimit' AS label, count(n) AS count
UNION ALL
MATCH (n:HazardousWasteLicence) RETURN 'HazardousWasteLicence' AS label, count(n) AS count
UNION ALL
MATCH (n:WasteTransfer) RETURN 'WasteTransfer' AS label, count(n) AS count
UNION ALL
MATCH (n:ExecutionReport) RETURN 'ExecutionReport' AS label, count(n) AS count
UNION ALL
MATCH (n:MonitoringMonth) RETURN 'MonitoringMonth' AS label, count(n) AS count
UNION ALL
MATCH (n:Exceedance) RETURN 'Exceedance' AS label, count(n) AS count
UNION ALL
MATCH (n:Inspection) RETURN 'Inspection' AS label, count(n) AS count
UNION ALL
MATCH (n:Violation) RETURN 'Violation' AS label, count(n) AS count
UNION ALL
MATCH (n:Penalty) RETURN 'Penalty' AS label, count(n) AS count
