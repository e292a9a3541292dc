// search_entities: enterprises by USCC or name (every word, in any order), sites by local source code or name,
// permits by number, outlets by national or local code — one list, exact identifiers first. Uses the unique constraints and the text index on
// Enterprise.name (the first word narrows, the others filter).
// params: upper: string — the text upper-cased (identifiers); words: list<string> — the text's words, normalised as stored names are (NFKC, spaces folded); first: int
CALL () {
  MATCH (e:Enterprise {uscc: $upper}) RETURN 'Enterprise' AS label, e {.*} AS node, 0 AS rank
  UNION
  MATCH (p:Permit {number: $upper}) RETURN 'Permit' AS label, p {.*} AS node, 0 AS rank
  UNION
  MATCH (s:Site) WHERE s.source_code = $upper RETURN 'Site' AS label, s {.*} AS node, 0 AS rank
  UNION
  MATCH (s:Site) WHERE s.site = $upper RETURN 'Site' AS label, s {.*} AS node, 0 AS rank
  UNION
  MATCH (o:Outlet) WHERE o.code = $upper RETURN 'Outlet' AS label, o {.*} AS node, 2 AS rank
  UNION
  MATCH (o:Outlet) WHERE o.local_code = $upper RETURN 'Outlet' AS label, o {.*} AS node, 2 AS rank
  UNION
  MATCH (e:Enterprise) WHERE e.name CONTAINS $words[0] AND all(w IN $words WHERE e.name CONTAINS w)
  RETURN 'Enterprise' AS label, e {.*} AS node, 1 AS rank
  UNION
  MATCH (s:Site) WHERE s.name CONTAINS $words[0] AND all(w IN $words WHERE s.name CONTAINS w)
  RETURN 'Site' AS label, s {.*} AS node, 1 AS rank
}
WITH label, node, rank ORDER BY rank, coalesce(node.name, ''), coalesce(node.key, node.number, node.uscc) LIMIT $first
RETURN label, node
