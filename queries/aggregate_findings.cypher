// aggregate_findings: findings counted per group — rule, severity, region level, industry, or period (when last
// seen); amount = open findings in the group.
// params: group_by: string — rule|severity|province|prefecture|county|industry_division|industry|year|quarter|month; status: string|null; region: string|null; industry: string|null; first: int
MATCH (f:Finding)
WHERE ($status IS NULL OR f.status = $status)
  AND ($region IS NULL OR f.region_code STARTS WITH $region)
  AND ($industry IS NULL OR f.industry_code STARTS WITH $industry)
WITH f, f.last_seen AS d
WITH CASE $group_by
    WHEN 'rule' THEN f.rule
    WHEN 'severity' THEN f.severity
    WHEN 'province' THEN left(f.region_code, 2) + '0000'
    WHEN 'prefecture' THEN left(f.region_code, 4) + '00'
    WHEN 'county' THEN f.region_code
    WHEN 'industry_division' THEN left(f.industry_code, 2)
    WHEN 'industry' THEN f.industry_code
    WHEN 'year' THEN toString(d.year)
    WHEN 'quarter' THEN toString(d.year) + 'Q' + toString(d.quarter)
    WHEN 'month' THEN toString(d.year) + '-' + right('0' + toString(d.month), 2)
  END AS bucket, f
WITH bucket, count(f) AS count, sum(CASE WHEN f.status = 'open' THEN 1 ELSE 0 END) AS open
OPTIONAL MATCH (r:Region {code: bucket}) WHERE $group_by IN ['province', 'prefecture', 'county']
OPTIONAL MATCH (i:Industry {code: bucket}) WHERE $group_by IN ['industry_division', 'industry']
RETURN bucket AS key, coalesce(r.name, i.name) AS name, count, toFloat(open) AS amount, null AS permitted
ORDER BY CASE WHEN $group_by IN ['year', 'quarter', 'month'] THEN bucket END, count DESC, bucket
LIMIT $first
