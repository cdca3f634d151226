#!/usr/bin/env python3
"""Run the two Next.js standalone servers the way their images do and probe them.

Prerequisite: `next build` has run in apps/frontend-web and apps/frontend-chatbot. Like the
Dockerfiles, .next/static, public/ and drain-server.cjs are copied next to
.next/standalone/server.js, and the server starts with `node drain-server.cjs` (PORT,
HOSTNAME) from that directory. Each server is stopped the way the kubelet stops it (SIGTERM)
while a keep-alive connection is open, and must drain: answer on that connection with
`Connection: close`, then exit 0 by itself.

The backend behind BACKEND_URL is the real one (`python -m app`, with --backend-python)
against TEST_DATABASE_URL when that is set, otherwise a small in-process stub. The chatbot's
OpenAI-compatible API is a stub on 127.0.0.1. When run as root, the Node servers run as
uid/gid 10001 over root-owned files, as in the images (nothing in /app is writable).

Standard library only. Prints PASS/FAIL lines and `N passed, M failed`; exit 1 on failure.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from frontend_harness import ROOT, check, free_port, http, next_server, prepare_standalone, results, wait_http

DISABLED_REPLY = "Chat is disabled: OPENAI_API_KEY is not set."
STUB_REPLY = "Stub says: do the dishes first."


# ---------------------------------------------------------------------------- stubs
class StubState:
    def __init__(self) -> None:
        self.todos: list[dict[str, Any]] = []
        self.chat_requests: list[dict[str, Any]] = []


def stub_handler(state: StubState) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _json(self, status: int, payload: Any) -> None:
            body = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _body(self) -> Any:
            length = int(self.headers.get("content-length") or 0)
            return json.loads(self.rfile.read(length) or b"null")

        def do_GET(self) -> None:
            if self.path == "/api/todos":
                self._json(200, state.todos)
            else:
                self._json(404, {"detail": "not found"})

        def do_POST(self) -> None:
            body = self._body()
            if self.path == "/api/todos":
                title = (body or {}).get("title", "") if isinstance(body, dict) else ""
                if not isinstance(title, str) or not title.strip():
                    self._json(422, {"message": "title: String should have at least 1 character"})
                    return
                todo = {"id": len(state.todos) + 1, "title": title.strip(), "completed": False}
                state.todos.append(todo)
                self._json(201, todo)
            elif self.path == "/v1/chat/completions":
                state.chat_requests.append({"auth": self.headers.get("authorization"), "body": body})
                last = body["messages"][-1]["content"]
                if last == "fail":
                    self._json(500, {"error": {"message": "stub failure"}})
                    return
                self._json(200, {"choices": [{"index": 0, "message": {"role": "assistant", "content": STUB_REPLY}}]})
            else:
                self._json(404, {"detail": "not found"})

        def do_PATCH(self) -> None:
            body = self._body()
            for todo in state.todos:
                if self.path == f"/api/todos/{todo['id']}":
                    todo.update(body)
                    self._json(200, todo)
                    return
            self._json(404, {"detail": "not found"})

        def do_DELETE(self) -> None:
            for todo in list(state.todos):
                if self.path == f"/api/todos/{todo['id']}":
                    state.todos.remove(todo)
                    self.send_response(204)
                    self.end_headers()
                    return
            self._json(404, {"detail": "not found"})

    return Handler


@contextmanager
def stub_server(state: StubState) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), stub_handler(state))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def real_backend(python: str, database_url: str) -> Iterator[str]:
    port = free_port()
    env = {"PATH": os.environ.get("PATH", ""), "PORT": str(port), "HOST": "127.0.0.1",
           "DATABASE_URL": database_url, "LOG_LEVEL": "WARNING"}
    proc = subprocess.Popen([python, "-m", "app"], cwd=ROOT / "apps/backend", env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        if not wait_http(f"{url}/ready", proc, 30):
            raise RuntimeError(f"backend did not become ready on {url}")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def guarded(name: str, fn: Callable[[], None]) -> None:
    try:
        fn()
    except Exception as exc:  # noqa: BLE001 - reported as a failed check
        check(name, False, f"{type(exc).__name__}: {exc}")


def check_web(backend_url: str) -> None:
    standalone = prepare_standalone("frontend-web")
    with next_server(standalone, {"BACKEND_URL": backend_url}) as url:
        status, body = http("GET", f"{url}/api/health")
        check("web: GET /api/health is 200 JSON", status == 200 and isinstance(body, dict) and body.get("status") == "ok", f"{status} {body}")
        status, page = http("GET", f"{url}/")
        check("web: GET / renders the todo page", status == 200 and "<h1>Todos</h1>" in str(page), f"{status}")
        title = f"check {uuid.uuid4().hex[:8]}"
        status, created = http("POST", f"{url}/api/todos", {"title": title})
        check("web: POST /api/todos is proxied (201)", status == 201 and isinstance(created, dict) and created.get("title") == title, f"{status} {created}")
        status, listed = http("GET", f"{url}/api/todos")
        check("web: GET /api/todos lists the new todo", status == 200 and any(t.get("title") == title for t in listed), f"{status}")
        if isinstance(created, dict) and "id" in created:
            status, patched = http("PATCH", f"{url}/api/todos/{created['id']}", {"completed": True})
            check("web: PATCH /api/todos/{id} is proxied", status == 200 and patched.get("completed") is True, f"{status} {patched}")
            status, _ = http("DELETE", f"{url}/api/todos/{created['id']}")
            check("web: DELETE /api/todos/{id} is proxied (204)", status == 204, f"{status}")
        status, body = http("POST", f"{url}/api/todos", {"title": ""})
        check("web: the backend's 422 and message pass through", status == 422 and "title" in str(body), f"{status} {body}")

    # BACKEND_URL is read per request: without it the proxy says so (nothing was baked in).
    with next_server(standalone, {}) as url:
        status, body = http("GET", f"{url}/api/todos")
        check("web: without BACKEND_URL /api/todos is 503 'BACKEND_URL is not set'",
              status == 503 and body.get("detail") == "BACKEND_URL is not set", f"{status} {body}")
        status, body = http("GET", f"{url}/api/health")
        check("web: without BACKEND_URL /api/health is still 200", status == 200 and body.get("backendConfigured") is False, f"{status} {body}")


def check_chatbot(backend_url: str) -> None:
    standalone = prepare_standalone("frontend-chatbot")
    with next_server(standalone, {"BACKEND_URL": backend_url}) as url:
        status, body = http("GET", f"{url}/api/health")
        check("chatbot: GET /api/health is 200 with chatEnabled false (no key)",
              status == 200 and body.get("chatEnabled") is False, f"{status} {body}")
        status, body = http("POST", f"{url}/api/chat", {"message": "hello"})
        check("chatbot: POST /api/chat without a key is 503 with the disabled reply",
              status == 503 and body.get("reply") == DISABLED_REPLY, f"{status} {body}")
        status, body = http("POST", f"{url}/api/chat", {"message": ""})
        check("chatbot: POST /api/chat with an empty message is 400", status == 400 and "error" in body, f"{status} {body}")
        status, body = http("POST", f"{url}/api/chat", raw=b"{nope")
        check("chatbot: POST /api/chat with invalid JSON is 400", status == 400, f"{status} {body}")
        status, body = http("GET", f"{url}/api/todos-count")
        check("chatbot: GET /api/todos-count reads BACKEND_URL at run time",
              status == 200 and isinstance(body.get("count"), int), f"{status} {body}")
        status, page = http("GET", f"{url}/")
        check("chatbot: GET / renders the chat page", status == 200 and "Todo assistant" in str(page), f"{status}")

    state = StubState()
    with stub_server(state) as openai_url:
        env = {"BACKEND_URL": backend_url, "OPENAI_API_KEY": "test", "OPENAI_BASE_URL": f"{openai_url}/v1"}
        with next_server(standalone, env) as url:
            status, body = http("GET", f"{url}/api/health")
            check("chatbot: with OPENAI_API_KEY /api/health says chatEnabled true",
                  status == 200 and body.get("chatEnabled") is True, f"{status} {body}")
            status, body = http("POST", f"{url}/api/chat", {"message": "what first?"})
            check("chatbot: POST /api/chat returns the stubbed completion",
                  status == 200 and body.get("reply") == STUB_REPLY, f"{status} {body}")
            sent = state.chat_requests[-1] if state.chat_requests else {}
            check("chatbot: the completion request carries the key, default model and message",
                  sent.get("auth") == "Bearer test"
                  and sent.get("body", {}).get("model") == "gpt-4o-mini"
                  and sent.get("body", {}).get("messages", [{}])[-1].get("content") == "what first?",
                  json.dumps(sent))
            status, body = http("POST", f"{url}/api/chat", {"message": "fail"})
            check("chatbot: an upstream failure is 502 without the key in the answer",
                  status == 502 and "test" not in json.dumps(body).replace("HTTP", ""), f"{status} {body}")
        with next_server(standalone, {**env, "OPENAI_MODEL": "stub-model-2"}) as url:
            http("POST", f"{url}/api/chat", {"message": "model?"})
            model = state.chat_requests[-1]["body"].get("model") if state.chat_requests else None
            check("chatbot: OPENAI_MODEL is read at run time", model == "stub-model-2", f"model={model}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend-python", default=sys.executable, help="python with the backend's requirements")
    parser.add_argument("--only", choices=["web", "chatbot"], help="check one frontend only")
    parser.add_argument("--allow-stub", action="store_true",
                        help="without TEST_DATABASE_URL, run against a stub backend (a quick local check, not the stage)")
    args = parser.parse_args()

    database_url = os.environ.get("TEST_DATABASE_URL", "")
    # The stage runs the frontends against the real backend; a stub is a deliberate choice, never a fallback.
    if not database_url and not args.allow_stub:
        check("frontends run against the real backend", False, "TEST_DATABASE_URL is unset (tests/apps/run.sh sets it; pass --allow-stub for a stub)")
        return 1
    state = StubState()
    with (real_backend(args.backend_python, database_url) if database_url else stub_server(state)) as backend_url:
        print(f"backend for the frontends: {'real (python -m app)' if database_url else 'stub'} at {backend_url}", flush=True)
        if args.only in (None, "web"):
            guarded("web: checks ran", lambda: check_web(backend_url))
        if args.only in (None, "chatbot"):
            guarded("chatbot: checks ran", lambda: check_chatbot(backend_url))

    passed = sum(1 for ok, _ in results if ok)
    failed = len(results) - passed
    print(f"frontends: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
