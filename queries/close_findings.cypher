// close_findings: one rule's open findings on these enterprises that this run no longer found — their condition no
// longer holds — are closed with the date (and a 'closed' event in their history).
// params: usccs: list<string> — the enterprises the run checked; rule: string; run: string; today: date
UNWIND $usccs AS uscc
MATCH (:Enterprise {uscc: uscc})<-[:CONCERNS]-(f:Finding {rule: $rule, status: 'open'})
WHERE f.run <> $run
SET f.status = 'closed', f.closed_on = $today
CREATE (f)-[:HAS_EVENT]->(:FindingEvent {at: datetime(), day: $today, run: $run, kind: 'closed'})
RETURN count(f) AS closed
