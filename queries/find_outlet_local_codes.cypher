// find_outlet_local_codes: the outlets the graph keys by their national code that also carry a regional system's
// local code (DW001 carrying WS001), so that a file naming one by its local code alone points at it.
// params: none
MATCH (o:Outlet)
WHERE o.local_code IS NOT NULL AND o.local_code <> o.code
RETURN left(o.key, size(o.key) - size(o.code) - 1) AS owner, o.local_code AS local, o.code AS code
