// merge_pollutants: upsert HJ 212-2017 pollutant codes.
// params: rows: list<{code, name, medium, unit}>
UNWIND $rows AS row
MERGE (p:Pollutant {code: row.code})
SET p.name = row.name, p.medium = row.medium, p.unit = row.unit
REMOVE p.listed
