"""A load killed half-way (SIGKILL, no clean-up) is completed by running it again: nothing duplicated or lost."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from api.settings import Settings
from graph import local
from graph.db import Database
from graph.stats import label_counts
from loaders.load import load
from sample.generate import Params, generate
from tests.conftest import wipe
from tests.test_cli import _env

pytestmark = pytest.mark.slow  # a server, a browser, a restart or a generated graph: `pytest -m "not slow"` skips it


def _rels(db: Database) -> dict[str, int]:
    return {r["type"]: r["count"] for r in db.read("count_relationships")}


def test_a_killed_load_is_completed_by_running_it_again(empty_db: Database, settings: Settings, tmp_path: Path) -> None:
    manifest = generate(Params(enterprises=80, seed=21, days=150, problem_rate=0.15), tmp_path)
    cmd = [sys.executable, "-m", "api.cli", "load", str(tmp_path)]
    env = {**os.environ, **_env(settings)}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and proc.poll() is None:
        if label_counts(empty_db)["MonitoringMonth"] > 0:  # half-way: entities written, monitoring under way
            break
        time.sleep(0.2)
    assert proc.poll() is None, "the load finished before it could be interrupted"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    partial = label_counts(empty_db)
    running = empty_db.driver.execute_query("MATCH (r:LoadRun {status: 'running'}) RETURN r.id AS id").records
    assert len(running) == 1 and partial["MonitoringMonth"] > 0

    rerun = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert "completed 1 interrupted earlier load" in rerun.stderr.replace("\n", " ")
    after_rerun, rels_after_rerun = label_counts(empty_db), _rels(empty_db)
    exceedances = after_rerun["Exceedance"]

    wipe(empty_db)
    load(empty_db, tmp_path)  # the same files, loaded once without interruption
    assert after_rerun == label_counts(empty_db)
    assert rels_after_rerun == _rels(empty_db)
    assert exceedances == len(manifest.problems["concentration_exceedance"])
    assert (
        empty_db.driver.execute_query("MATCH (r:LoadRun {status: 'running'}) RETURN count(r) AS n").records[0]["n"] == 0
    )


def test_a_load_cut_by_a_neo4j_restart_fails_clearly_and_completes_on_rerun(
    empty_db: Database, settings: Settings, tmp_path: Path
) -> None:
    if not settings.uses_local_server:
        pytest.skip("an external server is not ours to restart")
    generate(Params(enterprises=60, seed=5, days=150, problem_rate=0.15), tmp_path)
    cmd = [sys.executable, "-m", "api.cli", "load", str(tmp_path)]
    env = {**os.environ, **_env(settings)}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and proc.poll() is None and label_counts(empty_db)["Enterprise"] == 0:
        time.sleep(0.1)
    assert proc.poll() is None, "the load finished before Neo4j could be restarted"
    server = settings.local_server()
    local.stop(server)  # the database goes away under the running load …
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 1
    assert "DATABASE_UNAVAILABLE" in err and "Traceback" not in err  # … which says so in one line
    local.start(server)
    local.wait_ready(server)
    rerun = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    after = label_counts(empty_db)
    wipe(empty_db)
    load(empty_db, tmp_path)
    assert after == label_counts(empty_db)
