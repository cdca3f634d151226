"""Settings, read once from the environment (the only source of configuration).

Secrets (DATABASE_URL's password, BETTER_AUTH_SECRET, OPENAI_API_KEY) are kept out of
``repr`` and are never logged: `Settings.summary()` is what start-up logs.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

_DRIVER_SUFFIX = re.compile(r"^(postgres(?:ql)?)\+[a-z0-9_]+://", re.IGNORECASE)
_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")


def normalize_database_url(url: str) -> str:
    """Turn SQLAlchemy-style URLs (postgresql+psycopg://, postgresql+asyncpg://) into libpq's.

    >>> normalize_database_url("postgresql+psycopg://u:p@h/db")
    'postgresql://u:p@h/db'
    """
    return _DRIVER_SUFFIX.sub(lambda m: f"{m.group(1)}://", url.strip(), count=1)


def redact_database_url(url: str) -> str:
    """host:port/dbname only: safe to log."""
    if not url:
        return "(unset)"
    try:
        parts = urlsplit(url)
        port = f":{parts.port}" if parts.port else ""
        return f"{parts.scheme}://{parts.hostname or ''}{port}{parts.path}"
    except ValueError:
        return "(unparseable)"


@dataclass(frozen=True)
class Settings:
    database_url: str = field(default="", repr=False)
    log_level: str = "INFO"
    allowed_origins: tuple[str, ...] = ()
    better_auth_secret: str = field(default="", repr=False)
    openai_api_key: str = field(default="", repr=False)

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        e = dict(os.environ) if env is None else env
        level = e.get("LOG_LEVEL", "INFO").strip().upper() or "INFO"
        if level == "WARN":
            level = "WARNING"
        if level not in _LEVELS:
            level = "INFO"
        origins = tuple(o.strip() for o in e.get("ALLOWED_ORIGINS", "").split(",") if o.strip())
        return cls(
            database_url=normalize_database_url(e.get("DATABASE_URL", "")),
            log_level=level,
            allowed_origins=origins,
            better_auth_secret=e.get("BETTER_AUTH_SECRET", ""),
            openai_api_key=e.get("OPENAI_API_KEY", ""),
        )

    def secret_values(self) -> list[str]:
        """Strings that must never reach a log line or a response body."""
        values = [self.better_auth_secret, self.openai_api_key]
        try:
            password = urlsplit(self.database_url).password
        except ValueError:
            password = None
        if password:
            values.append(password)
        return [v for v in values if len(v) >= 4]

    def summary(self) -> dict[str, object]:
        """What start-up logs: no secret values, only whether they are set."""
        return {
            "database": redact_database_url(self.database_url),
            "log_level": self.log_level,
            "allowed_origins": list(self.allowed_origins),
            "better_auth_secret_set": bool(self.better_auth_secret),
            "openai_api_key_set": bool(self.openai_api_key),
        }
