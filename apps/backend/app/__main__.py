"""`python -m app`: run the API with uvicorn on $PORT (default 8000).

uvicorn handles SIGTERM/SIGINT itself: it stops accepting connections, lets in-flight
requests finish (at most GRACEFUL_SHUTDOWN_SECONDS, below Kubernetes' default 30 s grace
period) and runs the lifespan shutdown (closes the pool). After that, uvicorn re-raises the
signal against the handler that was installed before it started, so that the process would
die "by SIGTERM" (exit 143); the no-op handler installed here turns a completed graceful
shutdown into exit code 0 instead.
"""

from __future__ import annotations

import os
import signal
from typing import Any

import uvicorn

from .config import Settings
from .main import create_app

GRACEFUL_SHUTDOWN_SECONDS = 20


def main() -> None:
    settings = Settings.from_env()
    app, reload_options = _app_and_reload(settings)
    signal.signal(signal.SIGTERM, lambda _sig, _frame: None)
    uvicorn.run(
        app,
        **reload_options,
        host=os.environ.get("HOST", "0.0.0.0"),  # noqa: S104 - a container listens on all interfaces
        port=int(os.environ.get("PORT", "8000")),
        log_config=None,  # keep the JSON handlers set up by create_app
        log_level=settings.log_level.lower(),
        access_log=False,  # AccessLogMiddleware writes JSON access lines instead
        proxy_headers=False,
        server_header=False,
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
    )


def _app_and_reload(settings: Settings) -> tuple[Any, dict[str, Any]]:
    """The app, or under APP_RELOAD=1 (the dev image) its factory's import string with reload on:
    uvicorn then restarts a worker that builds the app anew when a file under app/ changes."""
    if os.environ.get("APP_RELOAD") == "1":
        return "app.main:create_app", {"factory": True, "reload": True, "reload_dirs": ["app"]}
    return create_app(settings), {}


if __name__ == "__main__":
    main()
