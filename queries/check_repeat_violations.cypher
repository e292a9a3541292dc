// check_repeat_violations: the same breach (violation type) recurring after a penalty for an earlier one — a
// continuing violation (按日连续处罚 may apply).
// rule: repeat_violation; severity: critical; article: 排污许可管理条例 第三十八条 / 环境保护法 第五十九条 (按日连续处罚)
// params: usccs: list<string> — the enterprises to check (the caller batches them); as_of: date — the day of the check
UNWIND $usccs AS uscc
MATCH (e:Enterprise {uscc: uscc})<-[:COMMITTED_BY]-(v1:Violation)<-[:PENALISES]-(pe:Penalty)
MATCH (e)<-[:COMMITTED_BY]-(v2:Violation)
WHERE v2.type = v1.type AND v2.date > pe.date
WITH e, v2, collect(DISTINCT v1) AS earlier, collect(DISTINCT pe) AS penalties
RETURN v2.id AS subject, e.uscc AS uscc, toString(v2.date) AS period, toFloat(size(earlier)) AS measured,
  0.0 AS permitted, 'earlier penalised' AS unit,
  v2.type + ' again on ' + toString(v2.date) + ' after ' + toString(size(penalties)) + ' penalty decision(s)' AS message,
  [elementId(e), elementId(v2)] + [v IN earlier | elementId(v)] + [p IN penalties | elementId(p)] AS evidence
