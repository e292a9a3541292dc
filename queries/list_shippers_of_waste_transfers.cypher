// list_shippers_of_waste_transfers: the enterprise that shipped a hazardous-waste transfer; batched over many keys (one round trip per GraphQL level).
// params: keys: list<string> — WasteTransfer.manifest_no values; offset: int; first: int — the page of each key's list
UNWIND $keys AS key
MATCH (s:WasteTransfer {manifest_no: key})
MATCH (s)<-[:SHIPPED]-(n:Enterprise)
WITH key, n ORDER BY n.uscc
WITH key, collect(n {.*}) AS items
RETURN key, size(items) AS total, items[$offset..$offset + $first] AS nodes
