// merge_pollutants: upsert the pollutant dictionary: HJ 212-2017 codes, the bundled local codes for pollutants
// outside it, and those a mapping declares.
// params: rows: list<{code, name, medium, unit, sources}> — sources 'local' (bundled local code) or 'mapping'
//   (declared by a mapping) mark a code outside HJ 212
UNWIND $rows AS row
MERGE (p:Pollutant {code: row.code})
SET p.name = row.name, p.medium = row.medium, p.unit = row.unit, p.local = row.sources IN ['local', 'mapping']
REMOVE p.listed
