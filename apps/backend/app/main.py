"""FastAPI application: health, readiness, todo CRUD, JSON access log, CORS."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import todos
from .config import Settings
from .db import RETRY_AFTER_SECONDS, Database, DatabaseUnavailable
from .logging_setup import configure_logging

log = logging.getLogger("app")
access_log = logging.getLogger("app.access")


class AccessLogMiddleware:
    """One JSON line per HTTP request: method, path, status, duration_ms."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status_code = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status_code
            if message["type"] == "http.response.start":
                status_code = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            fields = {
                "method": scope["method"],
                "path": scope["path"],
                "status": status_code,
                "duration_ms": round((time.perf_counter() - start) * 1000, 2),
            }
            # Probes are frequent: log them at debug so they don't drown real traffic.
            level = logging.DEBUG if scope["path"] in ("/health", "/ready") and status_code < 400 else logging.INFO
            access_log.log(level, "request", extra={"fields": fields})


def _validation_message(errors: list[dict[str, Any]]) -> str:
    parts = []
    for err in errors:
        loc = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
        if err.get("type") == "json_invalid" or not loc:
            loc = "body"
        parts.append(f"{loc}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    configure_logging(settings.log_level, redact=settings.secret_values())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        log.info("starting", extra={"fields": {"config": settings.summary()}})
        await app.state.db.open()
        yield
        log.info("shutting down: closing database pool")
        await app.state.db.close()

    app = FastAPI(title="todo-backend", version="1.0.0", lifespan=lifespan)
    app.state.settings = settings
    app.state.db = Database(settings.database_url, secrets=settings.secret_values())

    if settings.allowed_origins:
        wildcard = "*" in settings.allowed_origins
        app.add_middleware(
            CORSMiddleware,
            allow_origins=["*"] if wildcard else list(settings.allowed_origins),
            # Browsers refuse credentials with a wildcard origin.
            allow_credentials=not wildcard,
            allow_methods=["GET", "POST", "PATCH", "DELETE", "OPTIONS"],
            allow_headers=["*"],
        )
    app.add_middleware(AccessLogMiddleware)

    @app.exception_handler(RequestValidationError)
    async def on_validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = jsonable_encoder(exc.errors(), exclude={"input", "ctx", "url"})
        return JSONResponse(
            status_code=422,
            content={"message": _validation_message(errors), "detail": errors},
        )

    @app.exception_handler(DatabaseUnavailable)
    async def on_db_unavailable(request: Request, exc: DatabaseUnavailable) -> JSONResponse:
        log.warning("database unavailable", extra={"fields": {"reason": str(exc), "path": request.url.path}})
        return JSONResponse(
            status_code=503,
            content={"detail": f"database unavailable: {exc}"},
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )

    @app.get("/health", tags=["probes"])
    async def health() -> dict[str, str]:
        """Liveness: the process is up and serving."""
        return {"status": "ok"}

    @app.get("/ready", tags=["probes"])
    async def ready() -> JSONResponse:
        """Readiness: the database has answered (`SELECT 1`, the table exists) since start-up.

        Checked until it first succeeds, then no more: a later database restart must not take
        every replica out of the Service at once (callers would get connection errors instead
        of each request's own 503 with Retry-After). A pod that never reached its database
        (a wrong DATABASE_URL) never gets Ready, so a bad release still rolls back."""
        if app.state.db.schema_ready:
            return JSONResponse(status_code=200, content={"status": "ready"})
        try:
            await app.state.db.check()
        except DatabaseUnavailable as exc:
            return JSONResponse(status_code=503, content={"status": "unavailable", "reason": str(exc)})
        return JSONResponse(status_code=200, content={"status": "ready"})

    app.include_router(todos.router)
    return app
