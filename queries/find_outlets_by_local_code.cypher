// find_outlets_by_local_code: the outlets of one enterprise that a regional system's local code (FQ…/WS…/ZS…) names.
// params: uscc: string — the enterprise's USCC; code: string — the local code, upper-cased as stored
MATCH (:Enterprise {uscc: $uscc})-[:HAS_OUTLET]->(o:Outlet)
WHERE o.local_code = $code
RETURN o.key AS key
ORDER BY key
LIMIT 2
