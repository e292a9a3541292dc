"""GraphQL documents the tests and the benchmarks share: the outlet trace and the one-permit view as a
dashboard would send them."""

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
