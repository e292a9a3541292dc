"""What each console page costs in a real browser: its GraphQL requests (the bound: ≤ 3) and the time until it is
drawn (the bound: ≤ 1 s on the 10k-enterprise graph), beside a baseline measured in the same run — the same
GraphQL requests replayed over HTTP from Python, one after the other (the data alone, nothing drawn).

Pages: search, the enterprise file, the outlet page (chain drawn, charts of a year of values against limits), the
one-permit view, a finding with its evidence, the dashboard (all regions, charts and the map of every enterprise),
the disclosure lists. `drawn` is from the navigation's start (performance.now()) to the frame after the last chart
was drawn; `viewer` (who is asking, once per page load) is counted among the requests.

How it grows: a page's requests are fixed by its documents; its data time grows with what the page holds (an
outlet's months, a dashboard's groups and map points), not with the graph, except the dashboard, whose aggregates
and map read every enterprise of the region asked (all of them here: the worst case).

Run: `python -m bench.console_pages [--enterprises 1000 10000] [--samples 5]` (NEO4J_URI or the local server; each
graph is generated and loaded unless one of that size is there, and checked once so findings exist; the database
is wiped to load another size).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import time
from typing import Any

from api.settings import Settings
from bench.query_latency import ensure_graph, serve
from graph import checks
from graph.db import Database

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def pages(db: Database) -> dict[str, str]:
    """A path of each page on this graph: the busiest outlet's enterprise, permit and a finding of it."""
    row = db.driver.execute_query(
        """MATCH (e:Enterprise)-[:HAS_OUTLET]->(o:Outlet)-[:HAS_SERIES]->(m)
           WITH e, o, count(m) AS months ORDER BY months DESC, o.key LIMIT 1
           OPTIONAL MATCH (e)-[:HOLDS]->(p:Permit)
           OPTIONAL MATCH (e)<-[:CONCERNS]-(f:Finding)
           RETURN e.uscc AS uscc, e.name AS name, o.code AS code, min(p.number) AS permit, min(f.key) AS finding""",
        database_=db.database,
    ).records[0]
    from schema.ids import encode

    word = str(row["name"])[3:5]  # a word of a name: 热电, 纸业 …
    found = {
        "search": f"/console/search?q={word}",
        "enterprise": f"/console/enterprise/{row['uscc']}",
        "outlet": f"/console/outlet/{row['uscc']}/{row['code']}",
        "permit": f"/console/permit/{row['permit']}",
        "dashboard": "/console/dashboard",
        "disclosures": "/console/disclosures",
    }
    if row["finding"]:
        found["finding"] = f"/console/finding/{encode('Finding', row['finding'])}"
    return found


def measure(base: str, paths: dict[str, str], samples: int) -> dict[str, dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    conn = http.client.HTTPConnection(base.removeprefix("http://").split(":")[0], int(base.rsplit(":", 1)[1]))
    results: dict[str, dict[str, Any]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        bodies: list[str] = []
        page.on("request", lambda r: bodies.append(r.post_data or "") if r.url.endswith("/graphql") else None)
        for name, path in paths.items():
            drawn, data, requests = [], [], set()
            for i in range(samples + 1):  # the first load warms the server's caches and the browser's
                bodies.clear()
                page.goto(base + path)
                page.wait_for_selector("body[data-ready=true]", timeout=60_000)
                since = float(page.evaluate("performance.now()"))
                replay = 0.0
                for body in bodies:
                    t0 = time.perf_counter()
                    conn.request("POST", "/graphql", body.encode(), {"content-type": "application/json"})
                    answer = conn.getresponse().read()
                    replay += (time.perf_counter() - t0) * 1000
                    assert b'"errors"' not in answer, answer[:300]
                if i:
                    drawn.append(since)
                    data.append(replay)
                    requests.add(len(bodies))
            results[name] = {
                "requests": max(requests),
                "drawn": statistics.median(drawn),
                "data": statistics.median(data),
            }
        browser.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--enterprises", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--samples", type=int, default=5)
    args = parser.parse_args()
    settings = Settings()
    db = Database.connect(settings.connection())
    table: dict[int, dict[str, dict[str, Any]]] = {}
    try:
        for n in args.enterprises:
            ensure_graph(db, n)
            t0 = time.perf_counter()
            checks.check(db)
            print(f"checked {n:,} enterprises in {time.perf_counter() - t0:.0f} s", flush=True)
            paths = pages(db)
            os.environ["PERMITGRAPH_ANONYMOUS_ROLE"] = "admin"  # every part of every page, as an admin sees it
            server, conn = serve("api.app:serve_app", "--factory")
            try:
                base = f"http://127.0.0.1:{conn.port}"
                table[n] = measure(base, paths, args.samples)
            finally:
                server.terminate()
                server.wait(timeout=30)
            print(f"\nconsole pages, {n:,} enterprises, median of {args.samples} loads (Chromium, this machine)")
            print(f"{'page':<12} {'requests':>8} {'drawn ms':>9} {'data ms':>8} {'drawn / data':>13}")
            for name, r in table[n].items():
                ratio = r["drawn"] / r["data"] if r["data"] else float("nan")
                print(f"{name:<12} {r['requests']:>8} {r['drawn']:>9.0f} {r['data']:>8.0f} {ratio:>13.2f}")
        if len(table) > 1:
            small, large = min(table), max(table)
            print(f"\ngrowth {small:,} → {large:,} enterprises (drawn ms ratio)")
            for name in table[large]:
                if name in table[small]:
                    print(f"{name:<12} ×{table[large][name]['drawn'] / table[small][name]['drawn']:.2f}")
        print(json.dumps({str(k): v for k, v in table.items()}))
    finally:
        db.close()


if __name__ == "__main__":
    main()
