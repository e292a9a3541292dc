"""Throughput beside the anchor: @neo4j/graphql 7 on Apollo, over the same Neo4j and graph, with the same clients.

The anchor is what a team would stand up in an afternoon: `bench/anchor/server.mjs` (a bench-only npm install in
`bench/anchor/`, pinned in its package.json) with type definitions generated here from the loaded graph — every
label of the model with the properties the graph holds (`db.schema.nodeTypeProperties`) and one `@relationship`
field per hop of graph/relations.py, under the hop's own name — and the dashboards as `@cypher` fields running
permitgraph's own aggregate statements. The mix, for both servers, sampled from the graph:
- the outlet trace, the one-permit view and an enterprise's violation chain (their usual selections, each
  server's own spelling of them; the anchor's chain is the enterprise's own violations with the same parts, not
  the whole ownership group permitgraph walks);
- violations by province and permits expiring by month.
Each of `--clients` threads keeps one HTTP connection (standard library client) and asks the mix round-robin for
`--seconds`; permitgraph is asked with an analyst's API key, the anchor with no credentials at all (its fastest).
Repeated `--repeats` times, alternating servers; it prints requests per second and permitgraph ÷ anchor per round.

Uses whatever graph is loaded (run `python -m bench.query_latency` first). Needs node ≥ 20 and npm (the first run
installs bench/anchor/node_modules from the registry or npm's cache).
Run: `python -m bench.anchor [--clients 8] [--seconds 10] [--repeats 3]` (NEO4J_URI or the local server).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from api.auth import create_key
from api.settings import Settings
from bench.query_latency import _free_port, sample_outlets, serve
from graph.db import Database
from graph.relations import EDGES, LABELS
from tests.documents import CHAIN, DASH_EXPIRING, DASH_PROVINCE, PERMIT, TRACE

HERE = Path(__file__).parent / "anchor"
SCALARS = {
    "String": "String",
    "Long": "Int",
    "Double": "Float",
    "Boolean": "Boolean",
    "Date": "Date",
    "DateTime": "DateTime",
    "LocalDateTime": "LocalDateTime",
    "StringArray": "[String!]",
    "DoubleArray": "[Float!]",
    "LongArray": "[Int!]",
}
AGGREGATE_ARGS = (
    "group_by: String!, then_by: String, rank_by: String!, region: String, industry: String, class: String, "
    "date_from: Date, date_to: Date, pollutant: String, first: Int!"
)

A_TRACE = """query($k: String!) { outlets(where: {key: {eq: $k}}) { code kind enterprises { uscc name }
  treatment_facilities { code name sources { code name eia_approvals { doc_number approved_on } } }
  untreated_sources { code name eia_approvals { doc_number } }
  permits { number status valid_to eia_approvals { doc_number } }
  limits { pollutant_code concentration_max unit annual_amount_t }
  exceedances(limit: 20, sort: [{date: DESC}]) { date pollutant value limit ratio } } }"""
A_PERMIT = """query($n: String!) { permits(where: {number: {eq: $n}}) {
  number status valid_from valid_to enterprises { uscc name inspections { id date result } }
  outlets { code kind } limits { outlet_key pollutant_code concentration_max annual_amount_t }
  eia_approvals { doc_number project }
  reports { period kind due_on submitted_on }
  violations { id type } } }"""
A_CHAIN = """query($u: String!) { enterprises(where: {uscc: {eq: $u}}) { violations(sort: [{date: DESC}]) {
  id type article date enterprises { uscc } outlets { code } pollutants { code }
  inspections { id date } permits { number } penalties { decision_number amount_yuan } } } }"""
DASHES = (DASH_PROVINCE, DASH_EXPIRING)
A_DASH = """query($g: String!, $f: Date, $t: Date) { aggregate(group_by: $g, rank_by: "count", first: 50,
  date_from: $f, date_to: $t) { key name count amount } }"""


def typedefs(db: Database) -> str:
    """@neo4j/graphql type definitions for the loaded graph: each model label's properties and hops."""
    props: dict[str, dict[str, str]] = {name: {} for name in LABELS}
    records = db.driver.execute_query(
        "CALL db.schema.nodeTypeProperties() YIELD nodeLabels, propertyName, propertyTypes "
        "RETURN nodeLabels, propertyName, propertyTypes",
        database_=db.database,
    ).records
    for r in records:
        labels, name, types = r["nodeLabels"], r["propertyName"], r["propertyTypes"] or []
        if len(labels) == 1 and labels[0] in props and name and not name.startswith("_") and types:
            scalar = SCALARS.get(types[0])
            if scalar is not None:
                props[labels[0]][name] = scalar
    out = []
    for name, label in LABELS.items():
        fields = [f"  {p}: {t}" for p, t in sorted(props[name].items())]
        taken = set(props[name])
        ends: list[tuple[str, str, str, str]] = [(h.name, h.type, h.direction, h.target) for h in label.hops]
        covered: set[tuple[str, str, str]] = {(t, d, x) for _, t, d, x in ends}
        for edge in EDGES:  # an edge no hop lists (the API reaches it by a view): named by the far label's plural
            for near, direction, far in ((edge.start, "out", edge.end), (edge.end, "in", edge.start)):
                if near == name and far in LABELS and (edge.type, direction, far) not in covered:
                    ends.append((LABELS[far].plural, edge.type, direction, far))
                    covered.add((edge.type, direction, far))
        for hop_name, rel, direction, target in ends:
            field = hop_name if hop_name not in taken else f"{hop_name}_{rel.lower()}_{direction}"
            taken.add(field)
            fields.append(f'  {field}: [{target}!]! @relationship(type: "{rel}", direction: {direction.upper()})')
        out.append(f"type {name} @node {{\n" + "\n".join(fields or ["  _none: String"]) + "\n}")
    statement = (Path(__file__).parents[1] / "queries" / "aggregate_violations.cypher").read_text(encoding="utf-8")
    expiring = (Path(__file__).parents[1] / "queries" / "aggregate_permits_expiring.cypher").read_text("utf-8")
    out.append("type Bucket {\n  key: String\n  name: String\n  count: Int\n  amount: Float\n}")
    out.append(
        "type Query {\n"
        f"  aggregate({AGGREGATE_ARGS}): [Bucket!]! @cypher(statement: {_block(_bucketed(statement))}, "
        'columnName: "b")\n'
        f"  expiring({AGGREGATE_ARGS}): [Bucket!]! @cypher(statement: {_block(_bucketed(expiring))}, "
        'columnName: "b")\n}'
    )
    return "\n\n".join(out) + "\n"


def _bucketed(statement: str) -> str:
    body = "\n".join(line for line in statement.splitlines() if not line.startswith("//"))
    return f"CALL () {{\n{body}\n}}\nRETURN {{key: key, name: name, count: count, amount: amount}} AS b"


def _block(text: str) -> str:
    return '"""' + text.replace('"""', '\\"""') + '"""'


def start_anchor(db: Database, settings: Settings) -> tuple[subprocess.Popen[bytes], int, Path]:
    """The anchor server on a free port, once it listens (installing its packages first when missing)."""
    if not (HERE / "node_modules" / "@neo4j" / "graphql").exists():
        print("installing the anchor's packages (npm) …", flush=True)
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=HERE, check=True)
    with tempfile.NamedTemporaryFile("w", suffix=".graphql", delete=False, encoding="utf-8") as f:
        f.write(typedefs(db))
    conn = settings.connection()
    port = _free_port()
    env = {"NEO4J_URI": conn.uri, "NEO4J_USER": conn.user, "NEO4J_PASSWORD": conn.password}
    process = subprocess.Popen(
        ["node", str(HERE / "server.mjs"), str(port), f.name],
        env={**os.environ, **env, "NEO4J_DATABASE": conn.database},
        stdout=subprocess.PIPE,
    )
    assert process.stdout is not None
    line = process.stdout.readline().decode()
    if not line.startswith("ready"):
        process.kill()
        sys.exit(f"the anchor did not start (typedefs in {f.name}): {line}")
    return process, port, Path(f.name)


Request = tuple[str, dict[str, Any]]


def mixes(db: Database, samples: int) -> tuple[list[Request], list[Request]]:
    """The same requests in each server's spelling: (permitgraph's, the anchor's), interleaved by kind."""
    rng = random.Random(11)
    outlets = sample_outlets(db, rng, samples)
    numbers = [r["n"] for r in db.driver.execute_query("MATCH (p:Permit) RETURN p.number AS n ORDER BY n").records]
    usccs = [
        r["u"]
        for r in db.driver.execute_query(
            "MATCH (e:Enterprise) WHERE EXISTS { (e)<-[:COMMITTED_BY]-(:Violation) } RETURN e.uscc AS u ORDER BY u"
        ).records
    ]
    numbers, usccs = rng.sample(numbers, min(samples, len(numbers))), rng.sample(usccs, min(samples, len(usccs)))
    ours: list[Request] = []
    theirs: list[Request] = []
    for k, n, u in zip(outlets, numbers, usccs, strict=False):
        ours += [(TRACE, dict(zip("uc", k.split(":"), strict=True))), (PERMIT, {"n": n}), (CHAIN, {"u": u})]
        theirs += [(A_TRACE, {"k": k}), (A_PERMIT, {"n": n}), (A_CHAIN, {"u": u})]
        ours += [(DASH_PROVINCE, {}), (DASH_EXPIRING, {})]
        theirs += [
            (A_DASH, {"g": "province"}),
            (A_DASH.replace("aggregate(", "expiring("), {"g": "month", "f": "2025-01-01", "t": "2027-12-31"}),
        ]
    return ours, theirs


def throughput(port: int, requests: list[Request], clients: int, seconds: float, key: str | None) -> float:
    """Requests per second answered without errors by `clients` threads asking round-robin for `seconds`."""
    done = [0] * clients
    failed: list[str] = []
    stop = time.monotonic() + seconds
    headers = {"content-type": "application/json"} | ({"authorization": f"Bearer {key}"} if key else {})
    bodies = [json.dumps({"query": q, "variables": v}).encode() for q, v in requests]

    def client(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        j = i * 7
        while time.monotonic() < stop:
            conn.request("POST", "/graphql", bodies[j % len(bodies)], headers)
            response = conn.getresponse()
            answer = json.loads(response.read())
            if response.status != 200 or "errors" in answer:
                failed.append(str(answer)[:300])
                return
            done[i] += 1
            j += 1
        conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failed:
        raise RuntimeError(failed[0])
    return sum(done) / (time.monotonic() - started)


def _ask(port: int, query: str, variables: dict[str, Any], key: str | None) -> Any:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"content-type": "application/json"} | ({"authorization": f"Bearer {key}"} if key else {})
    conn.request("POST", "/graphql", json.dumps({"query": query, "variables": variables}).encode(), headers)
    answer = json.loads(conn.getresponse().read())
    conn.close()
    return answer["data"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument("--workers", type=int, default=1, help="permitgraph's worker processes (the anchor has one)")
    args = parser.parse_args()
    settings = Settings()
    db = Database.connect(settings.connection())
    enterprises = db.driver.execute_query("MATCH (e:Enterprise) RETURN count(e) AS n").records[0]["n"]
    ours, theirs = mixes(db, args.samples)
    if not ours:
        sys.exit("no outlets, permits or violations in the graph: run `python -m bench.query_latency` first")
    key = create_key(db, "bench anchor", "analyst", ["national"])
    anchor, anchor_port, defs = start_anchor(db, settings)
    server, conn = serve("api.app:create_app", "--factory", "--workers", str(args.workers))
    ours_port = conn.port
    print(
        f"{enterprises:,} enterprises; mix of {len(ours)} requests; {args.clients} clients × {args.seconds:.0f} s; "
        f"permitgraph with {args.workers} worker(s)"
    )
    # the views alone (no dashboards): what the anchor's per-request aggregate costs does not weigh in
    views = ([r for r in ours if r[0] not in DASHES], [r for r in theirs if "group_by" not in r[0]])
    try:
        for (q, v), (aq, av) in zip(ours[3:5], theirs[3:5], strict=True):  # the dashboards answer alike
            got = _ask(ours_port, q, v, key)["aggregate"]
            anchor_got = _ask(anchor_port, aq, av, None)
            anchor_got = anchor_got.get("aggregate") or anchor_got.get("expiring")
            same = [(b["key"], b["count"]) for b in got] == [(b["key"], b["count"]) for b in anchor_got]
            print(f"  {q.split('(')[1][:40]!r}: {len(got)} groups, the same in both: {same}")
        for port, requests, credential in ((ours_port, ours, key), (anchor_port, theirs, None)):
            throughput(port, requests, args.clients, 2.0, credential)  # warm: plans, caches, JIT
        ratios: dict[str, list[float]] = {"whole mix": [], "views only": []}
        for r in range(args.repeats):
            for name, (mix, anchor_mix) in (("whole mix", (ours, theirs)), ("views only", views)):
                mine = throughput(ours_port, mix, args.clients, args.seconds, key)
                base = throughput(anchor_port, anchor_mix, args.clients, args.seconds, None)
                ratios[name].append(mine / base)
                print(
                    f"round {r + 1}, {name:<10}: permitgraph (analyst key) {mine:7.1f} req/s   "
                    f"@neo4j/graphql {base:7.1f} req/s   ratio {mine / base:.2f}×",
                    flush=True,
                )
        for name, got in ratios.items():
            print(
                f"{name}: permitgraph ÷ @neo4j/graphql {min(got):.2f}–{max(got):.2f}× "
                f"(median {statistics.median(got):.2f}×; target ≥ 2×)"
            )
    finally:
        conn.close()
        server.terminate()
        server.wait()
        anchor.terminate()
        anchor.wait()
        defs.unlink()
        db.close()


if __name__ == "__main__":
    main()
