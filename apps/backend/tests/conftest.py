"""Fixtures: a fresh PostgreSQL schema per test, an in-process client, a live uvicorn.

Needs TEST_DATABASE_URL (tests/apps/run.sh starts a throwaway server with
scripts/postgres-test-server.sh when it is unset). The stop/start tests also need
TEST_PG_BIN and TEST_PG_DATA (and TEST_PG_USER when that differs from the current user).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg
import pytest
from fastapi.testclient import TestClient
from psycopg import sql

from app.config import Settings
from app.main import create_app

BACKEND_DIR = Path(__file__).resolve().parent.parent


def _base_dsn() -> str:
    dsn = os.environ.get("TEST_DATABASE_URL", "")
    if not dsn:
        pytest.exit(
            "TEST_DATABASE_URL is not set: run the tests through `bash tests/apps/run.sh`, or "
            'first `eval "$(scripts/postgres-test-server.sh start)"`',
            returncode=2,
        )
    return dsn


def with_search_path(dsn: str, schema: str) -> str:
    """The same database, with `schema` first on the search_path (so `todos` lives there)."""
    sep = "&" if "?" in dsn else "?"
    return f"{dsn}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture
def schema_dsn() -> Iterator[str]:
    """A fresh, empty schema for this test only; dropped afterwards."""
    base = _base_dsn()
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(name)))
    yield with_search_path(base, name)
    try:
        with psycopg.connect(base, autocommit=True, connect_timeout=5) as conn:
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(name)))
    except psycopg.OperationalError:
        pass


@pytest.fixture
def client(schema_dsn: str) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=schema_dsn, log_level="WARNING"))
    with TestClient(app) as c:
        yield c


@dataclass
class PgControl:
    """Stops and starts the test server with pg_ctl, as the user that owns the cluster."""

    bin_dir: str
    data_dir: str
    user: str

    def _run(self, *args: str) -> None:
        cmd = [f"{self.bin_dir}/pg_ctl", "-D", self.data_dir, *args]
        if os.geteuid() == 0 and self.user not in ("", "root"):
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        subprocess.run(cmd, check=True, cwd="/", stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60)

    def stop(self) -> None:
        self._run("stop", "-m", "fast", "-w")

    def start(self) -> None:
        self._run("start", "-w", "-t", "30", "-l", f"{self.data_dir}/../server.log")


@pytest.fixture
def pg() -> Iterator[PgControl]:
    bin_dir = os.environ.get("TEST_PG_BIN", "")
    data_dir = os.environ.get("TEST_PG_DATA", "")
    if not bin_dir or not data_dir:
        pytest.fail(
            "TEST_PG_BIN/TEST_PG_DATA not set: the database can't be stopped from here. "
            "Run the backend tests through tests/apps/run.sh, which starts its own PostgreSQL and sets them."
        )
    user = os.environ.get("TEST_PG_USER", "")
    ctl = PgControl(bin_dir, data_dir, user)
    yield ctl
    # Whatever the test did, leave the server running for the next one.
    if not _reachable():
        ctl.start()


def _reachable() -> bool:
    try:
        with psycopg.connect(_base_dsn(), connect_timeout=2):
            return True
    except psycopg.OperationalError:
        return False


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LiveServer:
    proc: subprocess.Popen[str]
    url: str
    output: list[str] = field(default_factory=list)

    def terminate(self, timeout: float = 30) -> int:
        """SIGTERM, wait for exit, collect the log lines; returns the exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        out, _ = self.proc.communicate(timeout=timeout)
        self.output.extend(out.splitlines())
        return self.proc.returncode


def start_live_server(database_url: str, extra_env: dict[str, str] | None = None) -> LiveServer:
    """`python -m app` (as the image runs it) on a free port; waits for /health."""
    port = free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "DATABASE_URL": database_url,
        "LOG_LEVEL": "INFO",
        "PYTHONUNBUFFERED": "1",
        **(extra_env or {}),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "app"],
        cwd=BACKEND_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    server = LiveServer(proc, f"http://127.0.0.1:{port}")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            out, _ = proc.communicate()
            raise RuntimeError(f"backend exited with {proc.returncode}:\n{out}")
        try:
            if httpx.get(f"{server.url}/health", timeout=1).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    proc.kill()
    raise RuntimeError("backend did not answer /health within 20 s")


@pytest.fixture
def live_server(schema_dsn: str) -> Iterator[LiveServer]:
    server = start_live_server(schema_dsn)
    yield server
    if server.proc.poll() is None:
        server.terminate()
