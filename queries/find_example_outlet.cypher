// find_example_outlet: an outlet with exceedances (or any outlet), for the demo's example traceability query.
// params: none
MATCH (o:Outlet)
RETURN o.key AS key, o.code AS code, COUNT { (o)<-[:AT_OUTLET]-(:Exceedance) } AS exceedances
ORDER BY exceedances DESC, key LIMIT 1
