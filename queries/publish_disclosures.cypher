// publish_disclosures: publish the disclosure lists 信息公开 of one region and period (seed 五(四)): 无证排污
// (unpermitted), 不按证排污 (not_per_permit), 不依法安装使用自动监测设备 (no_automatic_monitoring), 不按时提交执行报告
// (late_report). An entry comes from a finding a person confirmed (never one only detected or dismissed) whose rule
// is of the list, first found in the period, or from a penalty decided in the period for a violation of the
// list's article. Each entry is a snapshot (what was published, as it was then: the enterprise's name, the finding's
// message, the penalty's amount): an entry published once is never rewritten, so a later change to the data leaves
// the record as it was; publishing again adds only what is new. The publication is an audit entry of its own.
// params: region: string — region-code prefix; since: date; until: date — the period, inclusive; period: string — its label; publication: string — the publication's id; audit: map — {id, subject, role, via, operation, field, request}
CALL () {
  MATCH (f:Finding)-[:CONCERNS]->(e:Enterprise)
  WHERE f.region_code STARTS WITH $region AND f.stage IN ['confirmed', 'ordered', 'rectified', 'closed']
    AND $since <= f.opened_on <= $until
  WITH f, e, CASE
      WHEN f.rule = 'discharge_without_permit' THEN 'unpermitted'
      WHEN f.rule IN ['concentration_exceedance', 'annual_amount_exceedance', 'enterprise_quota_exceeded',
        'outlet_without_limit', 'outlet_without_treatment', 'repeat_violation'] THEN 'not_per_permit'
      // of monitoring_gap: the automatic-monitoring branches only (a key-class main outlet, or a limit asking 自动监测)
      WHEN f.rule = 'monitoring_gap' AND (f.unit = 'months missing' OR f.message CONTAINS 'required continuous')
        THEN 'no_automatic_monitoring'
      WHEN f.rule = 'late_report' THEN 'late_report'
    END AS list
  WHERE list IS NOT NULL
  RETURN list, 'finding:' + f.key AS basis, 'Finding' AS basis_label, f.key AS basis_key, e, f.message AS what,
    f.article AS article, f.opened_on AS day, null AS amount_yuan, null AS authority
  UNION
  MATCH (p:Penalty)-[:PENALISES]->(v:Violation)-[:COMMITTED_BY]->(e:Enterprise)
  WHERE e.region_code STARTS WITH $region AND $since <= p.date <= $until
  WITH p, v, e, CASE
      WHEN v.article = '33' THEN 'unpermitted'
      WHEN v.article = '36' AND v.type CONTAINS '自动监测' THEN 'no_automatic_monitoring'
      WHEN v.article = '37' AND v.type CONTAINS '执行报告' THEN 'late_report'
      WHEN v.article IN ['34', '35', '36', '38'] THEN 'not_per_permit'
    END AS list
  WHERE list IS NOT NULL
  RETURN list, 'penalty:' + p.decision_number AS basis, 'Penalty' AS basis_label, p.decision_number AS basis_key, e,
    v.type + CASE WHEN coalesce(v.description, '') = '' THEN '' ELSE ': ' + v.description END AS what,
    '排污许可管理条例 第' + v.article + '条' AS article, p.date AS day, p.amount_yuan AS amount_yuan,
    p.authority AS authority
}
MERGE (d:DisclosureEntry {key: list + ':' + basis})
ON CREATE SET d.list = list, d.basis_label = basis_label, d.basis_key = basis_key, d.uscc = e.uscc,
  d.enterprise_name = e.name, d.address = e.address, d.region_code = e.region_code, d.what = what,
  d.article = article, d.day = day, d.amount_yuan = amount_yuan, d.authority = authority, d.period = $period,
  d.publication = $publication, d.published_at = datetime(), d.published_by = $audit.subject, d.new = true
WITH collect(d) AS entries
WITH entries, [d IN entries WHERE d.new] AS added
FOREACH (d IN added | REMOVE d.new)
CREATE (:AuditEntry {id: $audit.id, at: datetime(), subject: $audit.subject, role: $audit.role, via: $audit.via,
  kind: 'mutation', operation: $audit.operation, field: $audit.field, request: $audit.request,
  changed: [d IN added | 'DisclosureEntry:' + d.key], returned: [], status: 'ok'})
RETURN size(entries) AS found, size(added) AS published, [d IN added | d.list] AS lists
