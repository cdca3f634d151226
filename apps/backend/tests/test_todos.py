"""CRUD and input validation, in-process (TestClient) against a fresh schema."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


def test_health(client: TestClient) -> None:
    r = client.get("/health")
    assert r.status_code == 200
    assert r.json() == {"status": "ok"}


def test_ready(client: TestClient) -> None:
    r = client.get("/ready")
    assert r.status_code == 200
    assert r.json() == {"status": "ready"}


def test_crud_round_trip(client: TestClient) -> None:
    assert client.get("/api/todos").json() == []

    r = client.post("/api/todos", json={"title": "  buy milk  "})
    assert r.status_code == 201
    todo = r.json()
    assert todo["title"] == "buy milk"  # surrounding whitespace is trimmed
    assert todo["completed"] is False
    assert isinstance(todo["id"], int)

    r2 = client.post("/api/todos", json={"title": "walk dog", "completed": True})
    assert r2.status_code == 201 and r2.json()["completed"] is True

    listed = client.get("/api/todos").json()
    assert [t["title"] for t in listed] == ["buy milk", "walk dog"]

    got = client.get(f"/api/todos/{todo['id']}")
    assert got.status_code == 200 and got.json() == todo

    r = client.patch(f"/api/todos/{todo['id']}", json={"completed": True})
    assert r.status_code == 200
    assert r.json()["completed"] is True and r.json()["title"] == "buy milk"

    r = client.patch(f"/api/todos/{todo['id']}", json={"title": "buy oat milk"})
    assert r.status_code == 200
    assert r.json()["title"] == "buy oat milk" and r.json()["completed"] is True

    r = client.delete(f"/api/todos/{todo['id']}")
    assert r.status_code == 204 and r.content == b""
    assert client.get(f"/api/todos/{todo['id']}").status_code == 404
    assert [t["title"] for t in client.get("/api/todos").json()] == ["walk dog"]


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_missing_todo_is_404(client: TestClient, method: str) -> None:
    kwargs = {"json": {"completed": True}} if method == "patch" else {}
    r = client.request(method.upper(), "/api/todos/999999", **kwargs)
    assert r.status_code == 404
    assert r.json() == {"detail": "Todo 999999 not found"}


def test_title_of_200_characters_is_accepted(client: TestClient) -> None:
    r = client.post("/api/todos", json={"title": "x" * 200})
    assert r.status_code == 201


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({}, "title: Field required"),
        ({"title": ""}, "title: String should have at least 1 character"),
        ({"title": "   "}, "title: String should have at least 1 character"),
        ({"title": "x" * 201}, "title: String should have at most 200 characters"),
        ({"title": 42}, "title: Input should be a valid string"),
        ({"title": "ok", "completed": "yes"}, "completed: Input should be a valid boolean"),
        ({"title": "ok", "owner": "me"}, "owner: Extra inputs are not permitted"),
        ([1, 2], "Input should be a valid dictionary"),
    ],
)
def test_create_rejects_bad_input(client: TestClient, body: object, expected: str) -> None:
    r = client.post("/api/todos", json=body)
    assert r.status_code == 422
    assert expected in r.json()["message"]
    assert client.get("/api/todos").json() == []


def test_invalid_json_is_422(client: TestClient) -> None:
    r = client.post("/api/todos", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422
    assert r.json()["message"].startswith("body: JSON decode error")


def test_patch_rejects_bad_input(client: TestClient) -> None:
    todo = client.post("/api/todos", json={"title": "t"}).json()
    r = client.patch(f"/api/todos/{todo['id']}", json={})
    assert r.status_code == 422
    assert "at least one of title, completed" in r.json()["message"]
    r = client.patch(f"/api/todos/{todo['id']}", json={"title": ""})
    assert r.status_code == 422 and "title" in r.json()["message"]
    r = client.get("/api/todos/not-a-number")
    assert r.status_code == 422 and "todo_id" in r.json()["message"]


def test_cors_allows_configured_origin_only(schema_dsn: str) -> None:
    from app.config import Settings
    from app.main import create_app

    app = create_app(Settings(database_url=schema_dsn, allowed_origins=("http://ui.example",), log_level="WARNING"))
    with TestClient(app) as c:
        ok = c.options(
            "/api/todos",
            headers={"Origin": "http://ui.example", "Access-Control-Request-Method": "POST"},
        )
        assert ok.status_code == 200
        assert ok.headers["access-control-allow-origin"] == "http://ui.example"
        bad = c.options(
            "/api/todos",
            headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "POST"},
        )
        assert "access-control-allow-origin" not in bad.headers
