// merge_report_emissions: actual emissions (t) of a pollutant stated in an execution report.
// params: rows: list<{report, pollutant, actual_t, src}>; load: string — the LoadRun id (provenance)
UNWIND $rows AS row
MATCH (r:ExecutionReport {key: row.report})
MERGE (p:Pollutant {code: row.pollutant}) ON CREATE SET p.listed = false, p.name = row.pollutant  // a code the table lacks
MERGE (r)-[x:REPORTS_EMISSION]->(p)
SET x.actual_t = row.actual_t, x._src = row.src, x._load = $load
RETURN count(*) AS matched
