"""How fast the API recovers from a Neo4j outage under load, beside how fast a bare driver does.

`python -m bench.recovery [--readers 128] [--rounds 1]` starts its own local Neo4j (port 7689, store under
.permitgraph/bench-recovery), loads the small hand-built graph, serves the API as a subprocess and keeps `--readers`
clients asking an enterprise's outlets with an analyst API key (as the callers who matter do) while Neo4j is frozen
for 4 s (SIGSTOP), killed and restarted, and stopped and started. For each outage it prints the slowest answer while
Neo4j was away, and, from the moment Neo4j answers again: when the API answered its first request normally and when
it answered every request normally — beside the baseline, a new bare driver polling `RETURN 1` every 50 ms from the
same moment. The figures do not grow with the graph (the probes and the rebuild touch no data).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from neo4j import GraphDatabase

from api.auth import create_key
from api.settings import PROJECT_DIR, Settings
from graph import local, migrations
from graph.db import Database
from loaders.load import load
from schema.access import ROLES
from tests.server import Server, running

QUERY = '{ enterprise(uscc: "91130207123456788D") { name outlets { totalCount } } }'


@dataclass(frozen=True)
class Sent:
    start: float
    end: float
    ok: bool


def _bare_driver_back(settings: Settings, since: float) -> float:
    """Seconds from `since` until a new driver's `RETURN 1` succeeds (the floor any client can reach)."""
    conn = settings.connection()
    while True:
        try:
            with GraphDatabase.driver(conn.uri, auth=(conn.user, conn.password), connection_timeout=1) as d:
                d.execute_query("RETURN 1", database_=conn.database)
            return time.monotonic() - since
        except Exception:
            time.sleep(0.05)


def _round(server: Server, settings: Settings, key: str, readers: int, outage: Callable[[], float]) -> dict[str, float]:
    sent: list[Sent] = []
    lock, stop = threading.Lock(), threading.Event()
    headers = {"Authorization": f"Bearer {key}", "content-type": "application/json"}

    def reader() -> None:
        body = json.dumps({"query": QUERY}).encode()
        while not stop.is_set():
            t0 = time.monotonic()
            try:
                ok = server.request("POST", "/graphql", body, headers, timeout=30).status == 200
            except OSError:
                ok = False
            with lock:
                sent.append(Sent(t0, time.monotonic(), ok))

    threads = [threading.Thread(target=reader, daemon=True) for _ in range(readers)]
    for t in threads:
        t.start()
    time.sleep(2)
    began = time.monotonic()
    back = outage()
    bare = _bare_driver_back(settings, back)
    time.sleep(10)
    stop.set()
    for t in threads:
        t.join(timeout=40)
    during = [s.end - s.start for s in sent if began + 0.5 < s.start < back]
    after = sorted((s for s in sent if s.end > back), key=lambda s: s.end)
    first_ok = next((s.end - back for s in after if s.ok), float("inf"))
    failed_after = [s.end - back for s in after if not s.ok]
    return {
        "slowest_during": max(during, default=0.0),
        "median_during": statistics.median(during) if during else 0.0,
        "first_ok": first_ok,
        "all_ok": max(failed_after, default=0.0),
        "bare": bare,
        "requests": float(len(sent)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=128)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    settings = Settings(
        permitgraph_home=PROJECT_DIR / ".permitgraph" / "bench-recovery",
        permitgraph_bolt_port=7689,
        permitgraph_heap="1g",
        permitgraph_pagecache="256m",
        permitgraph_anonymous_role="public",
        # the readers' own rate is not what this measures: no role's rate limit applies
        permitgraph_role_limits=json.dumps({r: {"per_minute": 1e9, "burst": 10**9} for r in ROLES}),
    )
    conf = settings.local_server()
    if local.running_pid(conf) is None:
        local.start(conf)
    local.wait_ready(conf)
    db = Database.connect(settings.connection())
    migrations.apply(db)
    load(db, PROJECT_DIR / "tests" / "data" / "small")
    key = create_key(db, "bench recovery analyst", "analyst", ["national"])

    def freeze() -> float:
        pid = local.running_pid(conf)
        assert pid is not None
        os.kill(pid, signal.SIGSTOP)
        time.sleep(4)
        os.kill(pid, signal.SIGCONT)
        return time.monotonic()

    def kill() -> float:
        pid = local.running_pid(conf)
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
        while local.running_pid(conf) is not None:
            time.sleep(0.1)
        local.start(conf)
        local.wait_ready(conf)
        return time.monotonic()

    def restart() -> float:
        local.stop(conf)
        local.start(conf)
        local.wait_ready(conf)
        return time.monotonic()

    print(f"{args.readers} readers, analyst API key; seconds (from Neo4j answering again for the last three)")
    print(
        f"{'outage':<22}{'slowest during':>16}{'first normal':>14}{'all normal':>12}{'bare driver':>13}{'requests':>10}"
    )
    try:
        with running(settings) as server:
            for _ in range(args.rounds):
                for name, outage in (
                    ("frozen 4 s", freeze),
                    ("killed, restarted", kill),
                    ("stopped, started", restart),
                ):
                    r = _round(server, settings, key, args.readers, outage)
                    print(
                        f"{name:<22}{r['slowest_during']:>16.2f}{r['first_ok']:>14.2f}{r['all_ok']:>12.2f}"
                        f"{r['bare']:>13.2f}{r['requests']:>10.0f}",
                        flush=True,
                    )
    finally:
        db.close()
        local.stop(conf)


if __name__ == "__main__":
    main()
