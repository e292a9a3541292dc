// mark_code_tables: record the digest of the bundled code tables just seeded, so that a load seeds them only when they change.
// params: digest: string — sha256 of the tables' files
MERGE (t:CodeTables {id: "bundled"})
SET t.digest = $digest, t.seeded_at = datetime()
