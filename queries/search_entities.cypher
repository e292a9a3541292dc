// search_entities: enterprises by USCC or (partial, Chinese) name, permits by number, outlets by code — one list,
// exact identifiers first. Uses the unique constraints and the text index on Enterprise.name.
// params: text: string — what the user typed (trimmed, upper-cased for identifiers by the caller); upper: string — the same upper-cased; first: int
CALL () {
  MATCH (e:Enterprise {uscc: $upper}) RETURN 'Enterprise' AS label, e {.*} AS node, 0 AS rank
  UNION
  MATCH (p:Permit {number: $upper}) RETURN 'Permit' AS label, p {.*} AS node, 0 AS rank
  UNION
  MATCH (o:Outlet) WHERE o.code = $upper RETURN 'Outlet' AS label, o {.*} AS node, 2 AS rank
  UNION
  MATCH (e:Enterprise) WHERE e.name CONTAINS $text RETURN 'Enterprise' AS label, e {.*} AS node, 1 AS rank
}
WITH label, node, rank ORDER BY rank, coalesce(node.name, ''), coalesce(node.key, node.number, node.uscc) LIMIT $first
RETURN label, node
