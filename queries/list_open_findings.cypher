// list_open_findings: every open finding's rule, subject key, period and enterprise — for scoring the rules
// against a generator manifest (bench/rule_accuracy.py).
// params: (none)
MATCH (f:Finding {status: 'open'})
RETURN f.rule AS rule, f.key AS key, f.period AS period, f.uscc AS uscc
ORDER BY f.key
