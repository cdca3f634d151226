#!/usr/bin/env python3
"""frontend-web's proxy against a backend pod that goes away (apps/frontend-web/lib/backend.ts).

A stub backend drops the first connection of each kind without answering, as a terminating
pod does to a kept-alive connection: the proxy must send a GET again (an idempotent read)
and must not send a POST again (the backend may have committed it: 502, one attempt). A 503
with Retry-After (the backend while its database restarts) reaches the client unchanged.

Run after `next build` in apps/frontend-web (tests/apps/run.sh does both).
Prints PASS/FAIL lines and `N passed, M failed`; exit 1 on failure.
"""

from __future__ import annotations

import json
import sys
import threading
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from frontend_harness import check, http, next_server, prepare_standalone, results


class FlakyBackend(BaseHTTPRequestHandler):
    """/api/todos: the first GET and the first POST get their connection closed unanswered;
    the second GET gets 200, every later one a 503 with Retry-After."""

    seen: Counter[str] = Counter()

    def log_message(self, *args: object) -> None:
        pass

    def _serve(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        self.rfile.read(length)
        key = f"{self.command} {self.path}"
        FlakyBackend.seen[key] += 1
        if FlakyBackend.seen[key] == 1:
            self.close_connection = True  # no status line: the client sees the socket close
            return
        status, extra = (503, {"retry-after": "2"}) if FlakyBackend.seen[key] > 2 else (200, {})
        body = json.dumps({"detail": "database unavailable"} if status == 503 else []).encode()
        self.send_response(status)
        for name, value in {"content-type": "application/json", "content-length": str(len(body)), **extra}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _serve


@contextmanager
def flaky_backend() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FlakyBackend)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def main() -> int:
    standalone = prepare_standalone("frontend-web")
    with flaky_backend() as backend, next_server(standalone, {"BACKEND_URL": backend}) as url:
        status, body = http("GET", f"{url}/api/todos")
        gets = FlakyBackend.seen["GET /api/todos"]
        check("web proxy: a GET whose connection dropped is sent again once (200)", status == 200 and gets == 2, f"{status} {body}, {gets} attempts")
        status, body = http("POST", f"{url}/api/todos", {"title": "x"})
        posts = FlakyBackend.seen["POST /api/todos"]
        check("web proxy: a POST whose connection dropped is not sent again (502)", status == 502 and posts == 1, f"{status} {body}, {posts} attempts")
        status, body, headers = http_with_headers(f"{url}/api/todos")
        check("web proxy: the backend's 503 keeps its Retry-After", status == 503 and headers.get("retry-after") == "2", f"{status} {headers}")
    failed = sum(1 for ok, _ in results if not ok)
    print(f"proxy retries: {len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


def http_with_headers(url: str) -> tuple[int, object, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=30) as res:
            return res.status, res.read(), {k.lower(): v for k, v in res.headers.items()}
    except urllib.error.HTTPError as err:
        return err.code, err.read(), {k.lower(): v for k, v in err.headers.items()}


if __name__ == "__main__":
    sys.exit(main())
