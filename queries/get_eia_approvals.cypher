// get_eia_approvals: EIAApproval nodes by their natural key (doc_number), for GraphQL node(id:) and batched look-ups.
// params: keys: list<string> — EIAApproval.doc_number values
UNWIND $keys AS key
MATCH (n:EIAApproval {doc_number: key})
RETURN key, 1 AS total, [n {.*}] AS nodes
