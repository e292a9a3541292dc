// find_outlet_keys: the outlets of one enterprise — of any of its sites, or of the one named — that a code names:
// the national HJ 608 code (DA001) or a regional system's local code (FQ…/WS…/ZS…); two rows mean it is ambiguous.
// params: uscc: string — the enterprise's USCC; code: string — upper-cased as stored; site: string|null — a site's
//   id or its local source code 污染源编码
MATCH (:Enterprise {uscc: $uscc})-[:HAS_OUTLET]->(o:Outlet)
WHERE (o.code = $code OR o.local_code = $code)
  AND ($site IS NULL OR EXISTS { (s:Site)-[:HAS_OUTLET]->(o) WHERE s.site = $site OR s.source_code = $site })
RETURN o.key AS key
ORDER BY key
LIMIT 2
