"""What authorisation costs the outlet trace: the same `outletTrace` requests over HTTP, in the same run, as
- an anonymous caller served as admin (the baseline: no guard, no audit entry, no credential to check);
- an analyst with an OIDC bearer token (signature checked against a JWKS file; the lean view executor; an audit
  entry with the objects returned);
- an analyst with an API key (the same, plus the key's look-up: one indexed read);
- an inspector scoped to one province (every field through the guard, by where its object lies).
Rounds interleave the callers on one kept-alive connection each; it prints each caller's p50/p95 (ms) and its
p50 over the baseline's (the issue's bound: ≤ 1.10), for the trace and for the floor (`{ __typename }`: what the
credential alone costs). Per request, the guard and the audit walk are linear in the
answer's size, not the graph's: the trace's answer is bounded by its page sizes.

Run: `python -m bench.auth_overhead [--enterprises 1000] [--samples 30] [--rounds 5]` (NEO4J_URI or the local
server; a graph of that size is generated and loaded unless one is there, as bench.query_latency does).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from api.auth import create_key
from api.settings import Settings
from bench.query_latency import ensure_graph, post, sample_outlets, serve
from graph.db import Database
from tests.documents import TRACE

ISSUER, AUDIENCE = "https://idp.bench.local", "permitgraph"


def _token(key: rsa.RSAPrivateKey, **claims: Any) -> str:
    now = int(time.time())
    payload = {"iss": ISSUER, "aud": AUDIENCE, "sub": "bench", "iat": now, "exp": now + 3600} | claims
    return jwt.encode(payload, key, algorithm="RS256", headers={"kid": "b1"})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--enterprises", type=int, default=1000)
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    db = Database.connect(Settings().connection())
    ensure_graph(db, args.enterprises)
    # outlets of one province, so that the scoped inspector is answered in full for each of them
    pool = sample_outlets(db, random.Random(7), 5000)
    regions = {
        r["key"]: r["region"]
        for r in db.driver.execute_query(
            "UNWIND $keys AS k MATCH (e:Enterprise {uscc: split(k, ':')[0]}) RETURN k AS key, e.region_code AS region",
            keys=pool,
            database_=db.database,
        ).records
    }
    province = max({r[:2] for r in regions.values()}, key=lambda p: sum(r.startswith(p) for r in regions.values()))
    outlets = [k for k in pool if regions.get(k, "").startswith(province)][: args.samples]
    province += "0000"
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(RSAAlgorithm.to_jwk(key.public_key())) | {"kid": "b1", "use": "sig", "alg": "RS256"}
    folder = Path(tempfile.mkdtemp(prefix="permitgraph-bench-"))
    (folder / "jwks.json").write_text(json.dumps({"keys": [jwk]}), encoding="utf-8")
    os.environ |= {
        "PERMITGRAPH_ANONYMOUS_ROLE": "admin",
        "PERMITGRAPH_OIDC_ISSUER": ISSUER,
        "PERMITGRAPH_OIDC_AUDIENCE": AUDIENCE,
        "PERMITGRAPH_OIDC_JWKS": str(folder / "jwks.json"),
    }
    credentials = {
        "anonymous (admin)": None,
        "token (analyst)": _token(key, roles=["analyst"], region="national"),
        "API key (analyst)": create_key(db, "bench analyst", "analyst", ["national"]),
        f"key (inspector, {province})": create_key(db, "bench inspector", "inspector", [province]),
    }
    times: dict[str, list[float]] = {name: [] for name in credentials}
    floors: dict[str, list[float]] = {name: [] for name in credentials}
    servers = []
    try:
        server, first = serve("api.app:create_app", "--factory")
        servers.append(server)
        conns = {name: http.client.HTTPConnection(first.host, first.port, timeout=60) for name in credentials}
        for _ in range(args.rounds):
            for k in outlets:
                for name, credential in credentials.items():
                    uscc, code = k.split(":")
                    run = post(
                        conns[name], "/graphql", {"query": TRACE, "variables": {"u": uscc, "c": code}}, credential
                    )
                    start = time.perf_counter()
                    run()
                    times[name].append((time.perf_counter() - start) * 1000)
                    floor = post(conns[name], "/graphql", {"query": "{ __typename }"}, credential)
                    start = time.perf_counter()
                    floor()
                    floors[name].append((time.perf_counter() - start) * 1000)
    finally:
        for s in servers:
            s.terminate()
            s.wait()
    print(f"{args.enterprises:,} enterprises, {len(outlets)} outlets of {province} × {args.rounds} rounds")
    for what, measured in (("outlet trace", times), ("floor { __typename }", floors)):
        base = statistics.median(measured["anonymous (admin)"])
        print(f"{what:<34}{'p50 ms':>9}{'p95 ms':>9}{'p50 / baseline':>16}")
        for name, values in measured.items():
            values.sort()
            p50, p95 = statistics.median(values), values[int(0.95 * (len(values) - 1))]
            print(f"  {name:<32}{p50:>9.2f}{p95:>9.2f}{p50 / base:>16.2f}")


if __name__ == "__main__":
    main()
