"""What hostile requests cost a running API: for each, its status, seconds, bytes out and the server's RSS after,
beside an ordinary outlet trace sent all the while from another thread (its p50 and max while the hostile request
runs, against its p50 alone, measured in the same run).

    python -m bench.hostile --url http://127.0.0.1:8000 [--pid PID] [--timeout 30] [--generated 20]

It uses the graph the server already has (any size; it looks up one outlet for the trace) and wipes nothing. Run
it against an older checkout's server to compare; a request the server does not answer within --timeout is shown
as such (the server may still be working on it).
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

from tests.hostile import TRACE, Hostile, generated, known


def post(url: str, body: bytes, content_type: str, timeout: float) -> tuple[int | None, float, int, str]:
    """(status or None on time-out, seconds, bytes of the answer, its first error code)."""
    u = urlparse(url)
    conn = http.client.HTTPConnection(u.hostname or "127.0.0.1", u.port or 80, timeout=timeout)
    started = time.perf_counter()
    try:
        conn.request("POST", "/graphql", body=body, headers={"content-type": content_type})
        response = conn.getresponse()
        data = response.read()
    except (TimeoutError, OSError):
        return None, time.perf_counter() - started, 0, "(no answer)"
    finally:
        conn.close()
    seconds = time.perf_counter() - started
    try:
        errors = json.loads(data).get("errors") or []
        code = (errors[0].get("extensions") or {}).get("code", "(graphql)") if errors else "-"
    except (ValueError, AttributeError):
        code = "(not JSON)"
    return response.status, seconds, len(data), str(code)


def rss_mb(pid: int | None) -> float | None:
    if pid is None:
        return None
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class Ordinary(threading.Thread):
    """Sends the trace again and again, recording each latency with its start time."""

    def __init__(self, url: str, body: bytes) -> None:
        super().__init__(daemon=True)
        self.url, self.body = url, body
        self.samples: list[tuple[float, float]] = []
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            t0 = time.perf_counter()
            status, seconds, _, _ = post(self.url, self.body, "application/json", 60)
            self.samples.append((t0, seconds if status == 200 else float("inf")))
            time.sleep(0.05)

    def between(self, start: float, end: float) -> list[float]:
        return [s for t, s in self.samples if start <= t <= end]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--pid", type=int, default=None, help="the server's pid, for its RSS")
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--generated", type=int, default=20, help="generated hostile documents to add")
    parser.add_argument("--only", default="", help="run only the requests whose name contains this")
    args = parser.parse_args()

    _, _, _, _ = post(args.url, b'{"query": "{ __typename }"}', "application/json", 10)
    example = json.dumps({"query": "{ outlets(first: 1) { nodes { key } } }"}).encode()
    u = urlparse(args.url)
    conn = http.client.HTTPConnection(u.hostname or "127.0.0.1", u.port or 80, timeout=30)
    conn.request("POST", "/graphql", body=example, headers={"content-type": "application/json"})
    key = json.loads(conn.getresponse().read())["data"]["outlets"]["nodes"][0]["key"]
    uscc, code = key.split(":")
    trace = json.dumps({"query": TRACE, "variables": {"u": uscc, "c": code}}).encode()

    ordinary = Ordinary(args.url, trace)
    ordinary.start()
    time.sleep(3)
    alone = [s for _, s in ordinary.samples]
    print(f"ordinary trace alone: p50 {statistics.median(alone) * 1000:.1f} ms over {len(alone)} requests")
    print(
        f"{'request':44} {'status':>6} {'seconds':>8} {'bytes':>10} {'code':22} {'RSS MB':>7} {'trace p50/max ms':>17}"
    )
    requests: list[Hostile] = [*known(), *generated(12, args.generated)]
    for h in requests:
        if args.only and args.only not in h.name:
            continue
        start = time.perf_counter()
        status, seconds, size, err = post(args.url, h.body, h.content_type, args.timeout)
        end = time.perf_counter()
        during = ordinary.between(start, end) or [float("nan")]
        rss = rss_mb(args.pid)
        shown = f"{statistics.median(during) * 1000:.0f}/{max(during) * 1000:.0f}"
        print(
            f"{h.name[:44]:44} {status if status is not None else '-':>6} {seconds:8.2f} {size:>10,} {err[:22]:22} "
            f"{(f'{rss:.0f}' if rss is not None else '?'):>7} {shown:>17}"
        )
    ordinary.stop.set()
    ordinary.join(timeout=60)


if __name__ == "__main__":
    main()
