"""GraphQL documents the tests and the benchmarks share: the outlet trace, the one-permit view, a group's violation
chain and two dashboards, as a dashboard would send them."""

TRACE = """query($u: String!, $c: String!) { outletTrace(uscc: $u, outletCode: $c) {
  code kind enterprise { uscc name }
  treatmentFacilities { nodes { code name productionFacilities { nodes { code name
    eiaApprovals { nodes { docNumber approvedOn } } } } } }
  untreatedSources { nodes { code name eiaApprovals { nodes { docNumber } } } }
  permits { nodes { number status validTo eiaApprovals { nodes { docNumber } } } }
  limits { nodes { pollutantCode concentrationMax unit annualAmountT } }
  exceedances { totalCount nodes { date pollutant value limit ratio } } } }"""
PERMIT = """query($n: String!) { permitView(number: $n) {
  number status validFrom validTo enterprise { uscc name }
  outlets { nodes { code kind } } limits { nodes { outletKey pollutantCode concentrationMax annualAmountT } }
  eiaApprovals { nodes { docNumber project } }
  reports { nodes { period kind dueOn submittedOn emissions { pollutant { code } actualT permittedT } } }
  exceedances { totalCount nodes { date pollutant value limit } }
  inspections { nodes { inspectionId date result } } violations { nodes { violationId type } } } }"""
CHAIN = """query($u: String!) { enterprise(uscc: $u) { violations(group: true) { totalCount nodes {
  violationId type article date enterprise { uscc } outlet { code } pollutant { code }
  clause { pollutantCode concentrationMax } inspection { inspectionId date } permit { number }
  penalties { nodes { decisionNumber amountYuan } } } } } }"""
DASH_PROVINCE = """{ aggregate(measure: VIOLATIONS, groupBy: PROVINCE) { key name count amount } }"""
DASH_EXPIRING = """{ aggregate(measure: PERMITS_EXPIRING, groupBy: MONTH,
  filter: {dateFrom: "2025-01-01", dateTo: "2027-12-31"}) { key count } }"""
