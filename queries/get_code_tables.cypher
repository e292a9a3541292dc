// get_code_tables: the digest of the bundled code tables the graph was last seeded with (no row when never).
// params: none
MATCH (t:CodeTables {id: "bundled"})
RETURN t.digest AS digest
