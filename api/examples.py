"""The example traceability query the demo prints and GraphiQL opens on (docs/operations.md, "What make demo does")."""

EXAMPLE_QUERY = """{
  outletTrace(uscc: "%s", outletCode: "%s") {
    code kind medium compliant
    enterprise { name }
    treatmentFacilities { nodes { code name
      productionFacilities { nodes { code name eiaApprovals { nodes { docNumber } } } } } }
    permits { nodes { number status validTo } }
    limits { nodes { pollutantCode concentrationMax unit annualAmountT } }
    exceedances(first: 5) { totalCount nodes { date pollutant value limit ratio } }
  }
}"""
PLACEHOLDER = ("<USCC of an enterprise>", "DA001")

# The other tabs GraphiQL opens with: the one-permit view, the group violation chain, a dashboard.
PERMIT_QUERY = """{
  permitView(number: "%s") {
    number status validFrom validTo enterprise { name }
    outlets { nodes { code name } }
    limits { nodes { outletKey pollutantCode concentrationMax unit annualAmountT } }
    reports(first: 2) { nodes { period submittedOn emissions { pollutant { name } actualT permittedT ratio } } }
  }
}"""
CHAIN_QUERY = """{
  enterprise(uscc: "%s") {
    name
    violations(group: true) { nodes { date type article enterprise { name }
      outlet { code } pollutant { name } clause { concentrationMax unit } penalties { nodes { amountYuan } } } }
  }
}"""
DASHBOARD_QUERY = """{
  byProvince: aggregate(measure: VIOLATIONS, groupBy: PROVINCE) { key name count }
  byMonth: aggregate(measure: EXCEEDANCES, groupBy: MONTH) { key count amount }
  fines: topEnterprises(measure: PENALTIES, rankBy: AMOUNT, first: 5) { amount enterprise { name regionCode } }
  openFindings: findingStats(groupBy: RULE, status: OPEN) { key count }
}"""
