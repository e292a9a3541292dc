// get_execution_reports: ExecutionReport nodes by their natural key (key), for GraphQL node(id:) and batched look-ups.
// params: keys: list<string> — ExecutionReport.key values
UNWIND $keys AS key
MATCH (n:ExecutionReport {key: key})
RETURN key, 1 AS total, [n {.*}] AS nodes
