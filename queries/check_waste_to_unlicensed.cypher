// check_waste_to_unlicensed: hazardous waste shipped to an operator with no licence, a licence not valid on the
// transfer date, or one that does not cover the waste's HW category (the category is the code's last two digits;
// a licence whose categories are not published is judged on its validity alone).
// rule: waste_to_unlicensed; severity: high; article: 固体废物污染环境防治法 第八十条 (危险废物提供或委托给无许可证单位)
// params: usccs: list<string> — the enterprises to check (the caller batches them); as_of: date — the day of the check
UNWIND $usccs AS uscc
MATCH (e:Enterprise {uscc: uscc})-[:SHIPPED]->(t:WasteTransfer)-[:RECEIVED_BY]->(r:Enterprise)
WITH e, t, r, 'HW' + right(t.waste_code, 2) AS category
WHERE NOT EXISTS {
  MATCH (r)-[:HOLDS_LICENCE]->(l:HazardousWasteLicence)
  WHERE l.valid_from <= t.date <= l.valid_to AND (category IN l.categories OR size(coalesce(l.categories, [])) = 0)
}
OPTIONAL MATCH (r)-[:HOLDS_LICENCE]->(l:HazardousWasteLicence)
WITH e, t, r, category, collect(l) AS licences
WITH e, t, r, category, licences,
  CASE WHEN size(licences) = 0 THEN 'no licence'
       WHEN any(l IN licences WHERE category IN l.categories OR size(coalesce(l.categories, [])) = 0)
         THEN 'licence not valid on ' + toString(t.date)
       ELSE 'licence does not cover ' + category END AS reason
RETURN t.manifest_no AS subject, e.uscc AS uscc, toString(t.date) AS period, t.amount_t AS measured,
  null AS permitted, 't' AS unit,
  toString(t.amount_t) + ' t of ' + t.waste_code + ' to ' + r.name + ': ' + reason AS message,
  [elementId(e), elementId(t), elementId(r)] + [l IN licences | elementId(l)] AS evidence
