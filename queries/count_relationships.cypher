// count_relationships: how many relationships of each type of the model the graph holds (count store).
// params: none
MATCH ()-[r:PART_OF]->() RETURN 'PART_OF' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:LOCATED_IN]->() RETURN 'LOCATED_IN' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:IN_INDUSTRY]->() RETURN 'IN_INDUSTRY' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:SUBSIDIARY_OF]->() RETURN 'SUBSIDIARY_OF' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:OPERATES]->() RETURN 'OPERATES' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:HAS_OUTLET]->() RETURN 'HAS_OUTLET' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:FEEDS]->() RETURN 'FEEDS' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:DISCHARGES_TO]->() RETURN 'DISCHARGES_TO' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:OBTAINED]->() RETURN 'OBTAINED' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:APPROVES]->() RETURN 'APPROVES' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:APPROVES_AMOUNT]->() RETURN 'APPROVES_AMOUNT' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:HOLDS]->() RETURN 'HOLDS' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:HAS_EVENT]->() RETURN 'HAS_EVENT' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:INCORPORATES]->() RETURN 'INCORPORATES' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:SETS_LIMIT]->() RETURN 'SETS_LIMIT' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:OF_POLLUTANT]->() RETURN 'OF_POLLUTANT' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:FOR_OUTLET]->() RETURN 'FOR_OUTLET' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:COVERS]->() RETURN 'COVERS' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:HOLDS_LICENCE]->() RETURN 'HOLDS_LICENCE' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:SHIPPED]->() RETURN 'SHIPPED' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:RECEIVED_BY]->() RETURN 'RECEIVED_BY' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:FILED]->() RETURN 'FILED' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:REPORTS_EMISSION]->() RETURN 'REPORTS_EMISSION' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:HAS_SERIES]->() RETURN 'HAS_SERIES' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:HAS_EXCEEDANCE]->() RETURN 'HAS_EXCEEDANCE' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:AT_OUTLET]->() RETURN 'AT_OUTLET' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:AGAINST_LIMIT]->() RETURN 'AGAINST_LIMIT' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:INSPECTED]->() RETURN 'INSPECTED' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:FOUND]->() RETURN 'FOUND' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:COMMITTED_BY]->() RETURN 'COMMITTED_BY' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:UNDER_PERMIT]->() RETURN 'UNDER_PERMIT' AS type, count(r) AS count
UNION ALL
MATCH ()-[r:PENALISES]->() RETURN 'PENALISES' AS type, count(r) AS count
