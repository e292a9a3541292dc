// merge_api_key: store a new API key for scripts: its id, name, role, region scope and the sha256 of its secret
// (the secret itself is never stored).
// params: id: string; name: string; role: string — public/analyst/inspector/admin; regions: list<string> — region
//   codes it is scoped to (empty: everywhere); hash: string — hex sha256 of the secret
CREATE (k:ApiKey {id: $id, name: $name, role: $role, regions: $regions, hash: $hash, created_at: datetime()})
RETURN k.id AS id
