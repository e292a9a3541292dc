// close_findings: open findings of the rules just run, on the enterprises just checked, that this run no longer
// found — their condition no longer holds — are closed with the as-of day they were judged for and the moment they were closed (and a 'closed' event in their history).
// params: usccs: list<string> — the enterprises the run checked; rules: list<string> — the rules it ran; run: string; today: date
UNWIND $usccs AS uscc
MATCH (:Enterprise {uscc: uscc})<-[:CONCERNS]-(f:Finding {status: 'open'})
WHERE f.rule IN $rules AND f.run <> $run
SET f.status = 'closed', f.closed_on = $today, f.closed_at = datetime()
CREATE (f)-[:HAS_EVENT]->(:FindingEvent {at: datetime(), day: $today, run: $run, kind: 'closed'})
RETURN f.rule AS rule, count(f) AS closed
