// aggregate_violations: violations (by date), grouped. Answered in the database; the group's display name comes from the region or
// industry table (or the enterprise name).
// params: group_by: string — province|prefecture|county|industry_division|industry|management_class|enterprise|year|quarter|month; then_by: string|null — year|quarter|month: also by period (a table of groups × periods); rank_by: string — count|amount (ordering of non-time groups, largest first); region: string|null — region code prefix; industry: string|null — industry code prefix; class: string|null; date_from: date|null; date_to: date|null; first: int — how many groups
MATCH (v:Violation)-[:COMMITTED_BY]->(e:Enterprise)
WITH e, v, v.date AS d
WHERE ($region IS NULL OR e.region_code STARTS WITH $region)
  AND ($industry IS NULL OR e.industry_code STARTS WITH $industry)
  AND ($class IS NULL OR e.management_class = $class)
  AND ($date_from IS NULL OR d >= $date_from) AND ($date_to IS NULL OR d <= $date_to)
WITH CASE $group_by
    WHEN 'province' THEN left(e.region_code, 2) + '0000'
    WHEN 'prefecture' THEN left(e.region_code, 4) + '00'
    WHEN 'county' THEN e.region_code
    WHEN 'industry_division' THEN left(e.industry_code, 2)
    WHEN 'industry' THEN e.industry_code
    WHEN 'management_class' THEN e.management_class
    WHEN 'enterprise' THEN e.uscc
    WHEN 'year' THEN toString(d.year)
    WHEN 'quarter' THEN toString(d.year) + 'Q' + toString(d.quarter)
    WHEN 'month' THEN toString(d.year) + '-' + right('0' + toString(d.month), 2)
  END AS bucket, CASE $then_by WHEN 'year' THEN toString(d.year) WHEN 'quarter' THEN toString(d.year) + 'Q' + toString(d.quarter)
    WHEN 'month' THEN toString(d.year) + '-' + right('0' + toString(d.month), 2) END AS period, 0.0 AS amount, null AS permitted, e.name AS name
WITH bucket, period, count(*) AS count, sum(amount) AS amount, sum(permitted) AS permitted, collect(DISTINCT name)[0] AS ename
OPTIONAL MATCH (r:Region {code: bucket}) WHERE $group_by IN ['province', 'prefecture', 'county']
OPTIONAL MATCH (i:Industry {code: bucket}) WHERE $group_by IN ['industry_division', 'industry']
WITH bucket, period, count, amount, permitted, coalesce(r.name, i.name, CASE WHEN $group_by = 'enterprise' THEN ename END) AS name
ORDER BY CASE WHEN $group_by IN ['year', 'quarter', 'month'] THEN bucket END, period,
  CASE $rank_by WHEN 'amount' THEN -amount ELSE -count END, bucket
LIMIT $first
RETURN bucket AS key, period, name, count, amount, permitted
