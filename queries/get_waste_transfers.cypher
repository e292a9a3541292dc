// get_waste_transfers: WasteTransfer nodes by their natural key (manifest_no), for GraphQL node(id:) and batched look-ups.
// params: keys: list<string> — WasteTransfer.manifest_no values
UNWIND $keys AS key
MATCH (n:WasteTransfer {manifest_no: key})
RETURN key, 1 AS total, [n {.*}] AS nodes
