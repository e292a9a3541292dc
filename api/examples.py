"""The example traceability query the demo prints and GraphiQL opens on (README, "What `make demo` does")."""

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
