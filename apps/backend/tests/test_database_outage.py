"""Readiness follows the database: stop the test server, then start it again."""

from __future__ import annotations

import psycopg
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app

from .conftest import PgControl


def _table_exists(dsn: str) -> bool:
    with psycopg.connect(dsn) as conn:
        row = conn.execute("SELECT to_regclass('todos') IS NOT NULL").fetchone()
        return bool(row and row[0])


def test_ready_is_503_while_database_is_down(client: TestClient, pg: PgControl) -> None:
    assert client.get("/ready").status_code == 200
    created = client.post("/api/todos", json={"title": "survives"}).json()

    pg.stop()
    r = client.get("/ready")
    assert r.status_code == 503
    body = r.json()
    assert body["status"] == "unavailable"
    assert body["reason"]  # psycopg's reason, e.g. "connection ... failed: Connection refused"
    assert client.get("/health").status_code == 200  # liveness does not depend on the database
    r = client.get("/api/todos")
    assert r.status_code == 503
    assert r.json()["detail"].startswith("database unavailable")

    pg.start()
    assert client.get("/ready").status_code == 200
    # The pool drops its dead connections and reconnects.
    listed = client.get("/api/todos")
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
