// start_load_run: record a load (provenance): what was loaded, from where, when; its id tags every element written.
// params: id: string, source: string, files: list<string>
CREATE (r:LoadRun {id: $id, source: $source, files: $files, started_at: datetime(), status: 'running'})
RETURN r.id AS id
