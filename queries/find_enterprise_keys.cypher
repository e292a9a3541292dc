// find_enterprise_keys: the USCCs of the enterprises in a region (all when null), in order — what a check runs over.
// params: region: string|null — region code prefix
MATCH (e:Enterprise)
WHERE $region IS NULL OR e.region_code STARTS WITH $region
RETURN e.uscc AS uscc ORDER BY uscc
