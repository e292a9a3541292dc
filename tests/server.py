"""A real API server for tests: `permitgraph serve` in its own process, against the test Neo4j."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from api.settings import Settings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def settings_env(settings: Settings) -> dict[str, str]:
    """The environment that makes a child process's Settings() reach the test Neo4j."""
    env = {
        "PERMITGRAPH_HOME": str(settings.permitgraph_home),
        "PERMITGRAPH_BOLT_PORT": str(settings.permitgraph_bolt_port),
        "NEO4J_PASSWORD": settings.neo4j_password,
        "PERMITGRAPH_ANONYMOUS_ROLE": settings.permitgraph_anonymous_role,
        "PERMITGRAPH_ROLE_LIMITS": settings.permitgraph_role_limits,
    }
    if settings.neo4j_uri:
        env["NEO4J_URI"] = settings.neo4j_uri
    return env


def server_env(settings: Settings, **extra: str) -> dict[str, str]:
    return {**os.environ, **settings_env(settings), **extra}


@dataclass
class Answer:
    status: int | None  # None: no answer within the client's timeout
    seconds: float
    body: Any
    size: int = 0

    @property
    def code(self) -> str | None:
        errors = self.body.get("errors") if isinstance(self.body, dict) else None
        return ((errors[0].get("extensions") or {}).get("code")) if errors else None


@dataclass
class Server:
    port: int
    process: subprocess.Popen[bytes]

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        timeout: float = 30.0,
    ) -> Answer:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        started = time.perf_counter()
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            data = response.read()
        except (TimeoutError, OSError):
            return Answer(None, time.perf_counter() - started, None)
        finally:
            conn.close()
        seconds = time.perf_counter() - started
        try:
            parsed: Any = json.loads(data)
        except ValueError:
            parsed = data.decode("utf-8", "replace")
        return Answer(response.status, seconds, parsed, len(data))

    def post(self, body: bytes, content_type: str = "application/json", timeout: float = 30.0) -> Answer:
        return self.request("POST", "/graphql", body, {"content-type": content_type}, timeout)

    def query(self, query: str, timeout: float = 30.0, **variables: Any) -> Answer:
        return self.post(json.dumps({"query": query, "variables": variables}).encode(), timeout=timeout)


@contextmanager
def running(settings: Settings, workers: int = 1, **env: str) -> Iterator[Server]:
    """`permitgraph serve` on a free port until the block ends; it must answer /health within 60 s."""
    port = free_port()
    cmd = [sys.executable, "-m", "api.cli", "serve", "--port", str(port), "--workers", str(workers)]
    process = subprocess.Popen(
        cmd,
        env=server_env(settings, **env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    server = Server(port, process)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited with {process.returncode}")
            if server.request("GET", "/health", timeout=2).status == 200:
                break
            time.sleep(0.2)
        else:
            raise RuntimeError("the server did not become healthy within 60 s")
        yield server
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=15)


@contextmanager
def outage_server(db: Any, settings: Settings, query: str) -> Iterator[Server]:
    """`permitgraph serve` over the small graph, for tests that stop, kill or freeze the test Neo4j under it
    (`query` must answer 200 first); whatever happens, the Neo4j is left running and awake for the modules after."""
    import pytest

    from graph import local
    from loaders.load import load
    from tests.conftest import DATA, wipe

    if not settings.uses_local_server:
        pytest.skip("an external Neo4j is not ours to stop, kill or freeze")
    wipe(db)
    load(db, DATA / "small")
    try:
        with running(settings) as s:
            assert s.query(query).status == 200
            yield s
    finally:
        conf = settings.local_server()
        pid = local.running_pid(conf)
        if pid is not None:
            os.kill(pid, signal.SIGCONT)
        else:
            local.start(conf)
        local.wait_ready(conf)
