// revoke_api_key: revoke an API key at once (the next request with it is refused); revoking twice keeps the first
// moment.
// params: id: string
MATCH (k:ApiKey {id: $id})
SET k.revoked_at = coalesce(k.revoked_at, datetime())
RETURN k.id AS id, k.revoked_at AS revoked_at
