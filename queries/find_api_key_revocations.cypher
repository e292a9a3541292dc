// find_api_key_revocations: how many API keys were revoked, and the last moment one was: each API process polls it
// (twice a second) and forgets the keys it verified whenever it changes, so a revocation reaches every worker
// within a second without a look-up per request.
// params: none
MATCH (k:ApiKey)
WHERE k.revoked_at IS NOT NULL
RETURN count(k) AS revoked, toString(max(k.revoked_at)) AS last
