// close_region_findings: open findings of the region rules just run, in the region just checked, that this run no
// longer found are closed with the date (and a 'closed' event in their history).
// params: region: string|null — the region code prefix the run checked (all when null); rules: list<string> — the region rules it ran; run: string; today: date
MATCH (f:Finding {status: 'open'})
WHERE f.rule IN $rules AND f.run <> $run AND ($region IS NULL OR f.region_code STARTS WITH $region)
SET f.status = 'closed', f.closed_on = $today, f.closed_at = datetime()
CREATE (f)-[:HAS_EVENT]->(:FindingEvent {at: datetime(), day: $today, run: $run, kind: 'closed'})
RETURN f.rule AS rule, count(f) AS closed
