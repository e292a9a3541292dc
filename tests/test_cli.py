"""The CLI as a user runs it: real subprocesses, clear errors, no tracebacks."""

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from api.settings import Settings
from graph import local
from graph.db import Database
from graph.errors import LocalServerError
from tests.conftest import DATA
from tests.server import settings_env

pytestmark = pytest.mark.slow  # a server, a browser, a restart or a generated graph: `pytest -m "not slow"` skips it


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "api.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "COLUMNS": "200", **(env or {})},
    )


_env = settings_env


def test_validate_reports_located_errors_without_traceback() -> None:
    result = run("validate", str(DATA / "bad"))
    assert result.returncode == 1
    assert "outlets.csv, row 2, column 'code'" in result.stderr and "found '(empty)'" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_unreachable_database_is_one_clear_line() -> None:
    result = run("db", "init", env={"NEO4J_URI": "neo4j://127.0.0.1:1"})
    assert result.returncode == 1
    assert "DATABASE_UNAVAILABLE" in result.stderr and "Traceback" not in result.stderr


def test_neo4j_start_is_idempotent_and_status_answers(db: object, settings: Settings) -> None:
    first = run("neo4j", "start", env=_env(settings))
    second = run("neo4j", "start", env=_env(settings))
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    if settings.uses_local_server:
        assert "already running" in second.stderr.replace("\n", " ")
    status = run("neo4j", "status", env=_env(settings))
    assert status.returncode == 0 and "answers" in status.stderr


def test_generate_then_load_through_the_cli(empty_db: object, settings: Settings, tmp_path: Path) -> None:
    out = tmp_path / "sample"
    gen = run("generate", "--enterprises", "12", "--seed", "3", "--days", "40", "--out", str(out))
    assert gen.returncode == 0, gen.stderr
    assert "enterprises.csv" in gen.stdout and "injected problems" in gen.stdout
    loaded = run("load", str(out), env=_env(settings))
    assert loaded.returncode == 0, loaded.stderr
    assert "load summary" in loaded.stdout and "total" in loaded.stdout


def test_missing_java_or_maven_is_explained(tmp_path: Path, monkeypatch: object) -> None:
    server = local.LocalServer(project_dir=tmp_path, home=tmp_path / "home")
    os.environ["PATH_SAVED"] = os.environ["PATH"]
    try:
        os.environ["PATH"] = str(tmp_path)
        try:
            local.build(server)
        except LocalServerError as exc:
            assert "`mvn` is not on PATH" in exc.message and "NEO4J_URI" in exc.message
        else:
            raise AssertionError("build without Maven must fail clearly")
    finally:
        os.environ["PATH"] = os.environ.pop("PATH_SAVED")


def test_stop_then_start_keeps_the_data(db: Database, settings: Settings) -> None:
    if not settings.uses_local_server:
        pytest.skip("an external server is not ours to restart")
    db.driver.execute_query("MERGE (:Region {code: '990000', name: 'restart probe', level: 'province'})")
    stopped = run("neo4j", "stop", env=_env(settings))
    assert stopped.returncode == 0 and "stopped" in stopped.stderr
    assert "not running" in run("neo4j", "status", env=_env(settings)).stderr
    started = run("neo4j", "start", env=_env(settings))
    assert started.returncode == 0 and "started" in started.stderr, started.stderr
    rows = db.driver.execute_query("MATCH (r:Region {code: '990000'}) DETACH DELETE r RETURN count(*) AS n").records
    assert rows[0]["n"] == 1  # the driver reconnects by itself and the node survived


def test_validate_a_mapped_export_and_write_the_report(tmp_path: Path) -> None:
    ok = run("validate", "--mapping", str(DATA / "export" / "mapping.toml"))
    assert ok.returncode == 0 and "19 rows, all valid" in ok.stderr.replace("\n", " "), ok.stderr
    report = tmp_path / "errors.json"
    bad = run("validate", str(DATA / "bad"), "--report", str(report))
    assert bad.returncode == 1
    import json

    assert [(e["file"], e["row"], e["column"]) for e in json.loads(report.read_text(encoding="utf-8"))] == [
        ("outlets.csv", 2, "code"),
        ("outlets.csv", 3, "medium"),
        ("permits.csv", 1, "(row)"),
    ]


def test_load_skip_invalid_through_the_cli(empty_db: object, settings: Settings, tmp_path: Path) -> None:
    rejects = tmp_path / "rejects.csv"
    result = run("load", str(DATA / "bad"), "--skip-invalid", "--rejects", str(rejects), env=_env(settings))
    assert result.returncode == 0, result.stderr
    assert "3 invalid row(s) skipped" in result.stderr and rejects.exists()
    total = next(line for line in result.stdout.splitlines() if "total" in line)
    assert [cell.strip() for cell in total.split("│")[1:5]] == ["total", "7", "4", "3"]  # read, written, rejected


def test_a_broken_mapping_is_one_clear_line(tmp_path: Path) -> None:
    bad = tmp_path / "m.toml"
    bad.write_text('[[files]]\nentity = "outlet"\npath = "x.csv"\n', encoding="utf-8")
    result = run("validate", "--mapping", str(bad))
    assert result.returncode == 2 and "entity must be one of" in result.stderr and "Traceback" not in result.stderr


def test_check_and_remind_from_the_command_line(small_graph: Database, settings: Settings) -> None:
    first = run("check", "--as-of", "2025-03-01", env=_env(settings))
    assert first.returncode == 0, first.stderr
    assert "3 enterprises checked; 1 region rule over every region in" in first.stdout
    assert _table_row(first.stdout, "late_report")[:5] == ["late_report", "1", "1", "0", "0"]  # found, opened
    again = run("check", "--as-of", "2025-03-01", "--rule", "late_report", env=_env(settings))
    assert _table_row(again.stdout, "late_report")[:5] == ["late_report", "1", "0", "0", "0"]  # nothing new
    assert "3 enterprises checked in" in again.stdout and "region rule" not in again.stdout
    regional = run("check", "--rule", "regional_quota_exceeded", "--region", "310000", env=_env(settings))
    assert regional.returncode == 0, regional.stderr
    assert "1 region rule over 310000 in" in regional.stdout and "enterprises checked" not in regional.stdout
    remind = run("remind", "--within", "8w", "--as-of", "2026-11-15", env=_env(settings))
    assert remind.returncode == 0 and "licence_expiry" in remind.stdout
    assert "2 reminders, 1 overdue" in remind.stdout  # the licence to renew; B's 2024 report, never filed
    wrong = run("check", "--rule", "nope", env=_env(settings))
    assert wrong.returncode == 1 and "Traceback" not in wrong.stderr
    assert "unknown rule(s) nope" in wrong.stderr


def test_export_from_the_command_line(small_graph: Database, settings: Settings, tmp_path: Path) -> None:
    target = tmp_path / "v.csv"
    done = run("export", "violations.csv", "-p", "regionCode=130200", "-o", str(target), env=_env(settings))
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(target.read_text(encoding="utf-8-sig").splitlines()))
    assert [(r["violationId"], r["enterprise.uscc"]) for r in rows] == [("JC-2024-001-V1", "91130207123456788D")]
    book = tmp_path / "e.xlsx"
    assert run("export", "enterprises.xlsx", "-o", str(book), env=_env(settings)).returncode == 0
    assert book.read_bytes()[:2] == b"PK"
    wrong = run("export", "violations.csv", "-p", "colour=red", env=_env(settings))
    assert wrong.returncode == 1 and "violations has no argument or filter 'colour'" in wrong.stderr
    assert "Traceback" not in wrong.stderr


def _table_row(stdout: str, first_cell: str) -> list[str]:
    """The cells of the table row that starts with `first_cell`."""
    for line in stdout.splitlines():
        cells = [c.strip() for c in line.split("│")[1:-1]]
        if cells and cells[0] == first_cell:
            return cells
    raise AssertionError(f"no row {first_cell!r} in:\n{stdout}")


def test_a_stale_pid_file_never_signals_an_unrelated_process(tmp_path: Path) -> None:
    """After a reboot the recorded pid may be another program's: stop must leave it alone."""
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        server = local.LocalServer(project_dir=tmp_path, home=tmp_path / "neo4j")
        server.home.mkdir()
        server.pid_file.write_text(str(other.pid))
        assert local.running_pid(server) is None
        assert not server.pid_file.exists()  # the stale file is gone
        server.pid_file.write_text(str(other.pid))
        assert local.stop(server) is False
        assert other.poll() is None  # still running: never signalled
    finally:
        other.kill()
        other.wait()


def test_api_keys_are_created_listed_and_revoked_from_the_command_line(db: Database, settings: Settings) -> None:
    env = _env(settings)
    made = run("keys", "create", "--name", "大屏", "--role", "inspector", "--region", "310104", env=env)
    assert made.returncode == 0, made.stderr
    key = made.stdout.strip()
    assert key.startswith("pgk_") and "not shown again" in made.stderr
    key_id = key.removeprefix("pgk_").split(".")[0]
    listed = run("keys", "list", env=env)
    line = next(line for line in listed.stdout.splitlines() if key_id in line)
    assert "大屏" in line and "inspector" in line and "310104" in line and key.split(".")[1] not in listed.stdout
    assert run("keys", "revoke", key_id, env=env).returncode == 0
    gone = run("keys", "revoke", "nosuchkey", env=env)
    assert gone.returncode == 1 and "no API key" in gone.stderr
    bad = run("keys", "create", "--name", "x", "--role", "root", env=env)
    assert bad.returncode == 1 and "a role is one of" in bad.stderr and "Traceback" not in bad.stderr
