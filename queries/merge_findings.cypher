// merge_findings: store one rule's findings — about enterprises (uscc) or regions (region) — an existing finding
// (same rule and subject) is updated, a closed one reopened; its evidence links follow the rule's answer; every
// opening, change and reopening is kept as a FindingEvent (the finding's history); `assumed` lists the fields of its
// evidence that the source did not give (a mapping's default filled them in). A person's workflow stage (confirmed,
// ordered …) survives a re-run; one that was closed or dismissed starts again as detected when the finding reopens.
// params: rows: list<{key, uscc, region, period, measured, permitted, unit, message, evidence: list<elementId>}> — one of uscc and region is null; rule: string; article: string; severity: string; run: string — the check run id; today: date
UNWIND $rows AS row
OPTIONAL MATCH (e:Enterprise {uscc: row.uscc})
OPTIONAL MATCH (g:Region {code: row.region})
WITH row, e, g, coalesce(e, g) AS s WHERE s IS NOT NULL
MERGE (f:Finding {key: row.key})
WITH e, g, s, f, row, f.status IS NULL AS created, coalesce(f.status = 'closed', false) AS reopened,
  coalesce(f.message <> row.message, false) AS changed
SET f.rule = $rule, f.article = $article, f.severity = $severity, f.period = row.period, f.measured = row.measured,
  f.permitted = row.permitted, f.unit = row.unit, f.message = row.message, f.status = 'open',
  f.opened_on = CASE WHEN created OR reopened THEN $today ELSE f.opened_on END, f.last_seen = $today,
  // a finding closed or dismissed by a person that a check finds again is a new occurrence: detected anew
  f.stage = CASE WHEN reopened AND f.stage IN ['closed', 'dismissed'] THEN null ELSE f.stage END,
  f.closed_on = null, f.run = $run, f.uscc = e.uscc, f.region_code = coalesce(e.region_code, g.code),
  f.industry_code = e.industry_code
MERGE (f)-[:CONCERNS]->(s)
WITH f, row, created, reopened, changed
CALL (f, row, created, reopened, changed) {
  WITH f, row, created, reopened, changed WHERE created OR reopened OR changed
  CREATE (f)-[:HAS_EVENT]->(:FindingEvent {at: datetime(), day: $today, run: $run,
    kind: CASE WHEN created THEN 'opened' WHEN reopened THEN 'reopened' ELSE 'updated' END,
    measured: row.measured, permitted: row.permitted, message: row.message})
}
CALL (f, row) {
  MATCH (f)-[old:EVIDENCE]->(n) WHERE NOT elementId(n) IN row.evidence
  DELETE old
}
CALL (f, row) {
  UNWIND row.evidence AS id
  MATCH (n) WHERE elementId(n) = id
  MERGE (f)-[:EVIDENCE]->(n)
}
CALL (f) {  // what of its evidence a mapping's default filled in (a permit status the source lacks): the finding says so
  OPTIONAL MATCH (f)-[:EVIDENCE]->(n) WHERE n.assumed IS NOT NULL
  WITH f, reduce(a = [], x IN reduce(all = [], n IN collect(n) | all + n.assumed) | CASE WHEN x IN a THEN a ELSE a + x END)
    AS assumed
  SET f.assumed = CASE WHEN size(assumed) = 0 THEN null ELSE assumed END
}
RETURN count(f) AS written, sum(CASE WHEN created THEN 1 ELSE 0 END) AS opened,
  sum(CASE WHEN reopened THEN 1 ELSE 0 END) AS reopened
