"""JSON log lines on stdout: one object per line with time, level, logger and message.

Extra fields passed with ``logger.info(msg, extra={"fields": {...}})`` are merged into the
object (the access log uses this for method, path, status and duration_ms).
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import datetime, timezone
from typing import Any


class JsonFormatter(logging.Formatter):
    def __init__(self, redact: list[str] | None = None) -> None:
        super().__init__()
        self._redact = [r for r in (redact or []) if r]

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=timezone.utc).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            entry.update(fields)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        line = json.dumps(entry, default=str, ensure_ascii=False)
        for secret in self._redact:
            line = line.replace(secret, "[redacted]")
        return line


def configure_logging(level: str, redact: list[str] | None = None) -> None:
    """Route the root, uvicorn and psycopg loggers to one JSON handler on stdout.

    uvicorn is then started with ``log_config=None`` (so it keeps these handlers instead of
    installing its text formatters) and ``access_log=False``: `AccessLogMiddleware` writes
    one JSON line per request instead.
    """
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter(redact))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "psycopg", "psycopg.pool"):
        lg = logging.getLogger(name)
        lg.handlers[:] = []
        lg.propagate = True
