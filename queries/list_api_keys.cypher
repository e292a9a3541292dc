// list_api_keys: every API key, newest first, without its hash.
// params: none
MATCH (k:ApiKey)
RETURN k.id AS id, k.name AS name, k.role AS role, k.regions AS regions, k.created_at AS created_at,
  k.revoked_at AS revoked_at
ORDER BY k.created_at DESC, k.id
