"""Neo4j stopped, killed and frozen under a running API: every request answers within about two seconds (503
DATABASE_UNAVAILABLE while the database is down, /health included), and ordinary answers come back within seconds
of recovery, without restarting the API."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from api.settings import Settings
from graph import local
from graph.db import Database
from tests.server import Answer, Server, outage_server

pytestmark = pytest.mark.slow  # a server, a browser, a restart or a generated graph: `pytest -m "not slow"` skips it

A = "91130207123456788D"
QUERY = f'{{ enterprise(uscc: "{A}") {{ name outlets {{ totalCount }} }} }}'
WITHIN = 3.5  # seconds: the watch's probe period (0.5 s) and timeout (1.5 s), and slack for this 2-core machine


@pytest.fixture(scope="module")
def server(db: Database, settings: Settings) -> Iterator[Server]:
    with outage_server(db, settings, QUERY) as s:
        yield s


def _neo4j_pid(settings: Settings) -> int:
    pid = local.running_pid(settings.local_server())
    assert pid is not None
    return pid


def _in_flight(server: Server) -> tuple[threading.Thread, list[Answer]]:
    """A request sent just before the outage starts, still waiting when it does."""
    answers: list[Answer] = []
    thread = threading.Thread(target=lambda: answers.append(server.query(QUERY, timeout=30)), daemon=True)
    thread.start()
    return thread, answers


def _down(server: Server) -> None:
    """While the database is down: each request answers 503 within WITHIN seconds."""
    for _ in range(3):
        answer = server.query(QUERY, timeout=30)
        assert answer.status == 503 and answer.code == "DATABASE_UNAVAILABLE", answer
        assert answer.seconds < WITHIN, answer.seconds
        health = server.request("GET", "/health", timeout=30)
        assert health.status == 503 and health.body["database"]["reachable"] is False, health
        assert health.seconds < WITHIN, health.seconds
    counts = server.query("{ counts { label count } }", timeout=30)  # it used to block every client for a minute
    assert counts.status == 503 and counts.seconds < WITHIN, counts


def _recovered(server: Server) -> None:
    """Ordinary answers within seconds of the database coming back, from the same API process."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        answer = server.query(QUERY, timeout=10)
        if answer.status == 200:
            break
        time.sleep(0.2)
    assert answer.status == 200, answer
    assert answer.body["data"]["enterprise"]["outlets"]["totalCount"] == 2
    assert server.request("GET", "/health").status == 200
    assert server.process.poll() is None  # never restarted


def _outage(server: Server, settings: Settings, begin: Callable[[], object], end: Callable[[], object]) -> None:
    thread, answers = _in_flight(server)
    try:
        begin()
        time.sleep(0.2)
        _down(server)
        thread.join(timeout=30)
        assert answers and answers[0].status in {200, 503}, answers  # done before, or told at once
        assert answers[0].seconds < WITHIN + 0.5, answers
    finally:
        end()
    _recovered(server)


def test_neo4j_stopped(server: Server, settings: Settings) -> None:
    conf = settings.local_server()

    def restart() -> None:
        local.start(conf)
        local.wait_ready(conf)

    _outage(server, settings, lambda: local.stop(conf), restart)


def test_neo4j_killed(server: Server, settings: Settings) -> None:
    conf = settings.local_server()
    pid = _neo4j_pid(settings)

    def kill() -> None:
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 20
        while local.running_pid(conf) is not None and time.monotonic() < deadline:
            time.sleep(0.1)

    def restart() -> None:
        local.start(conf)
        local.wait_ready(conf)

    _outage(server, settings, kill, restart)


def test_neo4j_frozen(server: Server, settings: Settings) -> None:
    """SIGSTOP: the server keeps its sockets open and answers nothing — the case no driver timeout catches."""
    pid = _neo4j_pid(settings)
    _outage(server, settings, lambda: os.kill(pid, signal.SIGSTOP), lambda: os.kill(pid, signal.SIGCONT))
