// get_data_version: nothing but a transaction: the bookmark the server returns for it names the last transaction
// committed to the database, by anyone (a load, the API, a hand-written fix). Aggregates computed at one bookmark
// are served again while it stays the same (graph/async_db.py, `AsyncDatabase.read_shared`).
// params: none
RETURN 1 AS one
