"""Against a real uvicorn process (`python -m app`, as the image runs it)."""

from __future__ import annotations

import asyncio
import json
import threading
import time

import httpx
import psycopg

from .conftest import LiveServer, start_live_server

CONCURRENT_CREATES = 200


def test_concurrent_creates_leave_exactly_that_many_rows(live_server: LiveServer, schema_dsn: str) -> None:
    async def create_all() -> list[httpx.Response]:
        limits = httpx.Limits(max_connections=CONCURRENT_CREATES)
        async with httpx.AsyncClient(base_url=live_server.url, timeout=30, limits=limits) as c:
            return await asyncio.gather(
                *(c.post("/api/todos", json={"title": f"todo {i}"}) for i in range(CONCURRENT_CREATES))
            )

    responses = asyncio.run(create_all())
    assert [r.status_code for r in responses] == [201] * CONCURRENT_CREATES
    ids = {r.json()["id"] for r in responses}
    assert len(ids) == CONCURRENT_CREATES

    with psycopg.connect(schema_dsn) as conn:
        row = conn.execute("SELECT count(*), count(DISTINCT title) FROM todos").fetchone()
    assert row == (CONCURRENT_CREATES, CONCURRENT_CREATES)
    assert len(httpx.get(f"{live_server.url}/api/todos").json()) == CONCURRENT_CREATES


def test_sigterm_drains_in_flight_request_and_exits_0(live_server: LiveServer, schema_dsn: str) -> None:
    httpx.post(f"{live_server.url}/api/todos", json={"title": "before shutdown"}).raise_for_status()
    result: dict[str, httpx.Response | BaseException] = {}

    def slow_list() -> None:
        try:
            result["response"] = httpx.get(f"{live_server.url}/api/todos", timeout=30)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            result["response"] = exc

    # Hold a lock on the table so that the request is still in flight when SIGTERM arrives.
    with psycopg.connect(schema_dsn) as locker:
        locker.execute("LOCK TABLE todos IN ACCESS EXCLUSIVE MODE")
        t = threading.Thread(target=slow_list)
        t.start()
        time.sleep(0.5)
        live_server.proc.send_signal(15)
        time.sleep(0.5)
        assert live_server.proc.poll() is None, "server exited before its in-flight request finished"
        locker.commit()  # releases the lock: the request can finish now
    t.join(timeout=30)
    response = result.get("response")
    assert isinstance(response, httpx.Response), f"in-flight request failed: {response!r}"
    assert response.status_code == 200
    assert [t["title"] for t in response.json()] == ["before shutdown"]
    assert live_server.terminate() == 0


def test_logs_are_json_lines_without_secrets(schema_dsn: str) -> None:
    secrets = {"BETTER_AUTH_SECRET": "auth-secret-0123456789", "OPENAI_API_KEY": "sk-test-abcdefghijkl"}
    server = start_live_server(schema_dsn, extra_env=secrets)
    try:
        httpx.post(f"{server.url}/api/todos", json={"title": "logged"}).raise_for_status()
        httpx.post(f"{server.url}/api/todos", json={"title": ""})
    finally:
        code = server.terminate()
    assert code == 0
    entries = [json.loads(line) for line in server.output if line.strip()]
    assert entries, "no log output"
    for e in entries:
        assert {"time", "level", "message"} <= e.keys()
    access = [e for e in entries if e.get("path") == "/api/todos" and e.get("method") == "POST"]
    assert [e["status"] for e in access] == [201, 422]
    assert all(isinstance(e["duration_ms"], float | int) for e in access)
    text = "\n".join(server.output)
    password = psycopg.conninfo.conninfo_to_dict(schema_dsn).get("password")
    for secret in [*secrets.values(), password]:
        assert secret and secret not in text
