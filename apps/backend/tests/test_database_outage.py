"""A database outage: stop the test server, then start it again.

Readiness needs the database once (a pod with a wrong DATABASE_URL never gets Ready); after
that, an outage fails each request with a fast 503 and Retry-After while the pod stays in the
Service, and the pool recovers by itself."""

from __future__ import annotations

import time

import psycopg
from fastapi.testclient import TestClient

from app.config import Settings
from app.db import POOL_WAIT_TIMEOUT, RETRY_AFTER_SECONDS
from app.main import create_app

from .conftest import PgControl


def _table_exists(dsn: str) -> bool:
    with psycopg.connect(dsn) as conn:
        row = conn.execute("SELECT to_regclass('todos') IS NOT NULL").fetchone()
        return bool(row and row[0])


def test_outage_after_start_is_a_fast_503_per_request(client: TestClient, pg: PgControl) -> None:
    assert client.get("/ready").status_code == 200
    created = client.post("/api/todos", json={"title": "survives"}).json()

    pg.stop()
    # Still Ready: the pod stays in the Service and each request gets its own clear answer.
    assert client.get("/ready").status_code == 200
    assert client.get("/health").status_code == 200  # liveness does not depend on the database
    for method, body in (("GET", None), ("POST", {"title": "while down"})):
        started = time.monotonic()
        r = client.request(method, "/api/todos", json=body)
        elapsed = time.monotonic() - started
        assert r.status_code == 503, (method, r.status_code, r.text)
        assert r.json()["detail"].startswith("database unavailable")
        assert r.headers["retry-after"] == str(RETRY_AFTER_SECONDS)
        # Within the pool's wait (plus a margin for this machine), far below a client's 10 s.
        assert elapsed < POOL_WAIT_TIMEOUT + 3, (method, elapsed)

    pg.start()
    # The pool drops its dead connections and reconnects by itself, within a few seconds.
    deadline = time.monotonic() + 15
    while (listed := client.get("/api/todos")).status_code == 503 and time.monotonic() < deadline:
        assert listed.headers["retry-after"] == str(RETRY_AFTER_SECONDS)
        time.sleep(0.5)
    assert listed.status_code == 200
    assert [t["id"] for t in listed.json()] == [created["id"]]


def test_starts_without_database_and_creates_table_later(schema_dsn: str, pg: PgControl) -> None:
    assert not _table_exists(schema_dsn)
    pg.stop()
    app = create_app(Settings(database_url=schema_dsn, log_level="WARNING"))
    with TestClient(app) as c:
        assert c.get("/health").status_code == 200
        r = c.get("/ready")
        assert r.status_code == 503 and r.json()["reason"]

        pg.start()
        assert c.get("/ready").status_code == 200
        assert _table_exists(schema_dsn)
        assert c.post("/api/todos", json={"title": "after outage"}).status_code == 201


def test_missing_database_url_is_not_ready() -> None:
    app = create_app(Settings(database_url="", log_level="WARNING"))
    with TestClient(app) as c:
        assert c.get("/health").status_code == 200
        r = c.get("/ready")
        assert r.status_code == 503
        assert r.json()["reason"] == "DATABASE_URL is not set"
        assert c.get("/api/todos").status_code == 503


def _drop_sessions(dsn: str) -> int:
    """Ends every other session of this database: what a PostgreSQL restart does to the pool."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()
        return int(row[0]) if row else 0


def test_a_read_is_retried_once_on_a_dropped_connection_a_write_is_not(client: TestClient, schema_dsn: str) -> None:
    created = client.post("/api/todos", json={"title": "kept"}).json()
    # Without the checkout check, the next request gets the pooled connection the server
    # closed: the race the check narrows but cannot close.
    client.app.state.db._pool._check = None  # type: ignore[attr-defined]

    time.sleep(0.5)  # the pool settles: every connection it holds is idle, then all are cut
    assert _drop_sessions(schema_dsn) >= 1
    listed = client.get("/api/todos")
    assert listed.status_code == 200, listed.text
    assert created["id"] in [t["id"] for t in listed.json()]

    time.sleep(0.5)
    assert _drop_sessions(schema_dsn) >= 1
    r = client.post("/api/todos", json={"title": "maybe committed"})
    assert r.status_code == 503, r.text  # never retried: its COMMIT may have happened
    assert r.headers["retry-after"] == str(RETRY_AFTER_SECONDS)
