// The GraphQL-over-HTTP server audit (graphql-http's serverAudits) against a running permitgraph API, as a role.
// Run: in a scratch folder, npm install graphql-http@1.23.1 graphql@16 and copy this file there (ES modules
// resolve imports from the file's folder), then: node graphql_http_audit.mjs http://127.0.0.1:8000/graphql [key or token]
// Prints each failed or warned audit and a summary {ok, MUST, SHOULD, MAY}; exits 1 on a MUST failure.
import { serverAudits } from 'graphql-http';
const url = process.argv[2];
const headers = process.argv[3] ? { authorization: `Bearer ${process.argv[3]}` } : {};
const fetchFn = (input, init = {}) => fetch(input, { ...init, headers: { ...(init.headers || {}), ...headers } });
let fails = { MUST: 0, SHOULD: 0, MAY: 0 }, oks = 0;
for (const audit of serverAudits({ url, fetchFn })) {
  const r = await audit.fn();
  if (r.status === 'ok') oks++;
  else { const level = audit.name.split(' ')[0]; fails[level] = (fails[level] || 0) + 1; console.log(r.status, audit.name, r.reason || ''); }
}
console.log(JSON.stringify({ ok: oks, ...fails }));
process.exit(fails.MUST ? 1 : 0);
