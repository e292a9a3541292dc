// find_api_key: the API key with this id, to check a request's key against (its secret's hash, role, scope, and
// whether it was revoked).
// params: id: string
MATCH (k:ApiKey {id: $id})
RETURN k.hash AS hash, k.role AS role, k.regions AS regions, k.name AS name, k.revoked_at IS NOT NULL AS revoked
