"""`permitgraph serve --workers 2`: a worker that dies does not take the service down, and is replaced."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from api.settings import Settings
from graph.db import Database
from tests.server import running

pytestmark = pytest.mark.slow  # a server, a browser, a restart or a generated graph: `pytest -m "not slow"` skips it


def _children(pid: int) -> set[int]:
    """Live processes whose parent is `pid` (from /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.add(int(stat.parent.name))
    return found


def _workers(pid: int, count: int, timeout: float = 30) -> set[int]:
    """The server's worker processes once there are `count` of them (not multiprocessing's resource tracker)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        workers = {c for c in _children(pid) if "resource_tracker" not in Path(f"/proc/{c}/cmdline").read_text()}
        if len(workers) >= count:
            return workers
        time.sleep(0.2)
    raise AssertionError(f"{count} workers did not come up: {_children(pid)}")


def test_a_killed_worker_is_replaced_while_the_other_serves(db: Database, settings: Settings) -> None:
    with running(settings, workers=2) as server:
        before = _workers(server.process.pid, 2)
        victim = min(before)
        os.kill(victim, signal.SIGKILL)
        answers = [server.query("{ counts { label } }", timeout=10) for _ in range(20)]
        assert all(a.status == 200 for a in answers), [a.status for a in answers]
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            after = _workers(server.process.pid, 2)
            if victim not in after and len(after) == 2:
                break
            time.sleep(0.3)
        assert victim not in after and len(after) == 2, (before, after)
        assert server.request("GET", "/health").status == 200
