"""The HTTP stack the API runs on, measured as the callers who matter use it (an analyst's API key), in one run:
- uvicorn on plain asyncio with h11 (uvicorn's pure-Python defaults) against uvloop with httptools (what
  `uvicorn[standard]` installs), the same app, the same requests interleaved: the floor (`{ __typename }`) and the
  outlet trace, p50/p95 and the ratio;
- the JSON encoding of the answers those trace requests got: the standard library (as strawberry's router encodes,
  UTF-8 kept) against orjson, µs per answer.

Run: `python -m bench.http_stack [--enterprises 1000] [--samples 30] [--rounds 5]` (NEO4J_URI or the local
server; a graph of that size is generated and loaded unless one is there, as bench.query_latency does).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from typing import Any

from api.auth import create_key
from api.settings import Settings
from bench.query_latency import ensure_graph, post, sample_outlets, serve
from graph.db import Database
from tests.documents import TRACE

STACKS = {
    "asyncio + h11": ("--loop", "asyncio", "--http", "h11"),
    "uvloop + httptools": ("--loop", "uvloop", "--http", "httptools"),
}


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[int(q * (len(ordered) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--enterprises", type=int, default=1000)
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    db = Database.connect(Settings().connection())
    ensure_graph(db, args.enterprises)
    outlets = sample_outlets(db, random.Random(7), args.samples)
    key = create_key(db, "bench http stack", "analyst", ["national"])  # the caller that matters: a key
    servers, conns = [], {}
    answers: list[Any] = []
    times: dict[tuple[str, str], list[float]] = {}
    try:
        for name, flags in STACKS.items():
            server, conn = serve("api.app:create_app", "--factory", *flags)
            servers.append(server)
            conns[name] = conn
        for _ in range(args.rounds):
            for k in outlets:
                uscc, code = k.split(":")
                for name, conn in conns.items():
                    for what, payload in (
                        ("floor", {"query": "{ __typename }"}),
                        ("trace", {"query": TRACE, "variables": {"u": uscc, "c": code}}),
                    ):
                        run = post(conn, "/graphql", payload, key)
                        start = time.perf_counter()
                        answer = run()
                        times.setdefault((name, what), []).append((time.perf_counter() - start) * 1000)
                        if what == "trace" and len(answers) < len(outlets):
                            answers.append(answer)
    finally:
        for s in servers:
            s.terminate()
            s.wait()
    print(f"{args.enterprises:,} enterprises, {len(outlets)} outlets × {args.rounds} rounds, as an analyst API key")
    print(f"{'stack':<22}{'request':<8}{'p50 ms':>9}{'p95 ms':>9}{'p50 / asyncio+h11':>20}")
    for (name, what), values in times.items():
        base = statistics.median(times[("asyncio + h11", what)])
        p50 = statistics.median(values)
        print(f"{name:<22}{what:<8}{p50:>9.2f}{_p(values, 0.95):>9.2f}{p50 / base:>20.2f}")
    _encoding(answers)


def _encoding(answers: list[Any]) -> None:
    import orjson

    def stdlib(data: Any) -> bytes:
        return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()

    size = statistics.median(len(stdlib(a)) for a in answers)
    print(f"JSON encoding of {len(answers)} trace answers (median {size:,.0f} bytes)")
    result: dict[str, float] = {}
    for name, encode in (("json (stdlib)", stdlib), ("orjson", orjson.dumps)):
        start = time.perf_counter()
        for _ in range(50):
            for a in answers:
                encode(a)
        result[name] = (time.perf_counter() - start) / (50 * len(answers)) * 1e6
    for name, us in result.items():
        print(f"  {name:<16}{us:>8.1f} µs per answer{us / result['json (stdlib)']:>8.2f}×")


if __name__ == "__main__":
    main()
