"""Whether an export's memory stays flat as its rows grow: the API server's resident memory (sampled every 20 ms from
/proc) while a client streams `GET /export/<name>` and throws the bytes away, for lists of growing length on the
loaded graph — beside the baseline of the same server answering a one-row export in the same run.

What it shows: rows, seconds, rows/s, and the server's peak RSS above its RSS before the export. Flat means the
peak does not grow with the rows (CSV is streamed page by page; XLSX rows go to openpyxl's write-only temporary
file). Time grows linearly with the rows, plus the database's SKIP per page (find_* queries page by offset).

Run: `python -m bench.export_memory` against the graph already loaded (NEO4J_URI or the local server; nothing is
wiped — load one first, e.g. with `python -m bench.console_pages --enterprises 10000`).
"""

from __future__ import annotations

import http.client
import os
import threading
import time

from bench.query_latency import serve

EXPORTS = (
    "pollutants.csv?medium=NOISE",  # the baseline: one page of a dozen rows
    "enterprises.csv",
    "permits.csv",
    "outlets.csv",
    "findings.csv",
    "findings.xlsx",
)


def _rss_kb(pid: int) -> int:
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def _children(pid: int) -> list[int]:
    """uvicorn's worker, when it forks one; else the process itself."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as f:
            kids = [int(x) for x in f.read().split()]
    except OSError:
        kids = []
    return kids or [pid]


def measure(conn: http.client.HTTPConnection, pid: int, path: str) -> tuple[int, float, int]:
    """(rows, seconds, peak RSS above the start in KiB) of one export streamed and discarded."""
    start = _rss_kb(pid)
    peak = start
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _rss_kb(pid))
            time.sleep(0.02)

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    t0 = time.perf_counter()
    conn.request("GET", f"/export/{path}")
    response = conn.getresponse()
    lines = 0
    size = 0
    while chunk := response.read(1 << 16):
        lines += chunk.count(b"\n")
        size += len(chunk)
    seconds = time.perf_counter() - t0
    done.set()
    watcher.join()
    assert response.status == 200, (path, response.status)
    rows = max(lines - 1, 0) if ".csv" in path else size  # an XLSX: its bytes
    return rows, seconds, peak - start


def main() -> None:
    os.environ["PERMITGRAPH_ANONYMOUS_ROLE"] = "admin"
    server, conn = serve("api.app:serve_app", "--factory")
    try:
        conn.timeout = 600  # an XLSX answers once its file is written: a minute for 65k rows here
        time.sleep(1)
        pid = _children(server.pid)[0]
        measure(conn, pid, EXPORTS[0])  # warm: imports, the schema, the driver's pool
        print(f"server RSS before: {_rss_kb(pid) / 1024:.0f} MiB")
        print(f"{'export':<22} {'rows (xlsx: bytes)':>18} {'seconds':>8} {'rows/s':>8} {'peak RSS above start':>21}")
        for path in EXPORTS:
            rows, seconds, grown = measure(conn, pid, path)
            rate = rows / seconds if ".csv" in path and seconds else float("nan")
            print(f"{path:<22} {rows:>18,} {seconds:>8.1f} {rate:>8.0f} {grown / 1024:>17.1f} MiB")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
