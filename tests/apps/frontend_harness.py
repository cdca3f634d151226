"""Running the Next.js standalone servers as their images do, and the checks' bookkeeping.

Shared by check_frontends.py and check_proxy_retries.py: PASS/FAIL lines (`check`), small
HTTP helpers, and `next_server`, which lays out .next/standalone like the Dockerfiles
(.next/static, public/, drain-server.cjs), starts `node drain-server.cjs` (as uid 10001 when
run as root) and, when the block ends, stops it the way the kubelet does and checks the drain.
"""

from __future__ import annotations

import http.client as httpclient
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
RUN_AS = 10001

results: list[tuple[bool, str]] = []
# Whether the run's uid has been reported (once per process).
_uid_reported: list[bool] = []


def check(name: str, ok: bool, detail: str = "") -> bool:
    results.append((ok, name))
    print(f"{'PASS' if ok else 'FAIL'} {name}{'' if ok or not detail else ': ' + detail}", flush=True)
    return ok


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def http(method: str, url: str, body: Any = None, raw: bytes | None = None) -> tuple[int, Any]:
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    req = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        req.add_header("content-type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=30) as res:
            status, payload = res.status, res.read()
            ctype = res.headers.get("content-type", "")
    except urllib.error.HTTPError as err:
        status, payload, ctype = err.code, err.read(), err.headers.get("content-type", "")
    if "json" in ctype and payload:
        return status, json.loads(payload)
    return status, payload.decode(errors="replace")


def wait_http(url: str, proc: subprocess.Popen[bytes] | None = None, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=2) as res:
                if res.status < 500:
                    return True
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    return False


# ---------------------------------------------------------------------------- Next.js
def prepare_standalone(app: str) -> Path:
    """Lay out .next/standalone as the runtime image does: + .next/static + public."""
    app_dir = ROOT / "apps" / app
    standalone = app_dir / ".next/standalone"
    if not (standalone / "server.js").exists():
        raise RuntimeError(f"{standalone}/server.js missing: run `next build` in apps/{app} first")
    for src, dst in ((app_dir / ".next/static", standalone / ".next/static"), (app_dir / "public", standalone / "public")):
        shutil.rmtree(dst, ignore_errors=True)
        shutil.copytree(src, dst)
    shutil.copy(app_dir / "drain-server.cjs", standalone / "drain-server.cjs")
    return standalone


def _demote() -> None:
    os.setgroups([])
    os.setgid(RUN_AS)
    os.setuid(RUN_AS)


@contextmanager
def next_server(standalone: Path, env: dict[str, str]) -> Iterator[str]:
    port = free_port()
    full_env = {"PATH": os.environ.get("PATH", ""), "NODE_ENV": "production", "NEXT_TELEMETRY_DISABLED": "1",
                "PORT": str(port), "HOSTNAME": "127.0.0.1", "HOME": "/tmp", **env}
    as_root = os.geteuid() == 0
    # As root the server runs as uid 10001 over root-owned files, like the image; as anyone else that
    # can't be arranged, and the run says so (a FAIL unless ALLOW_NONROOT=1 accepts it), never silently.
    if not _uid_reported:
        _uid_reported.append(True)
        check("servers run as uid 10001 over files they can't write", as_root or os.environ.get("ALLOW_NONROOT") == "1",
              "" if as_root else f"running as uid {os.geteuid()}, not root: the read-only /app is not exercised")
    proc = subprocess.Popen(["node", "drain-server.cjs"], cwd=standalone, env=full_env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, preexec_fn=_demote if as_root else None)
    url = f"http://127.0.0.1:{port}"
    try:
        if not wait_http(f"{url}/api/health", proc, 30):
            out = proc.stdout.read().decode(errors="replace") if proc.poll() is not None and proc.stdout else ""
            raise RuntimeError(f"{standalone}/server.js did not answer on {url}\n{out}")
        yield url
    finally:
        check_drain(standalone.parent.parent.name, proc, port)


def check_drain(app: str, proc: subprocess.Popen[bytes], port: int) -> None:
    """SIGTERM with a keep-alive client connected: the next answer says `Connection: close`
    (the client reconnects elsewhere instead of meeting a reset), then the server exits 0."""
    conn = httpclient.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", "/api/health")
        first = conn.getresponse()
        first.read()
        proc.send_signal(signal.SIGTERM)
        time.sleep(0.5)
        conn.request("GET", "/api/health")
        after = conn.getresponse()
        after.read()
        closing = after.getheader("connection", "")
        check(f"{app}: after SIGTERM a keep-alive client is still served, told to close",
              first.status == 200 and after.status == 200 and closing.lower() == "close",
              f"{first.status}, then {after.status} Connection: {closing or '(none)'}")
    except (OSError, httpclient.HTTPException) as exc:
        check(f"{app}: after SIGTERM a keep-alive client is still served, told to close", False, repr(exc))
    finally:
        conn.close()
    try:
        code = proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        code = proc.wait()
    check(f"{app}: drained and exited 0 by itself after SIGTERM (exit {code})", code == 0)
