"""PostgreSQL access: a connection pool for requests, a fresh connection for readiness.

The database may be down when the process starts (or go away later): the pool then keeps
retrying in the background, and the table is created as soon as the database answers
(`Database.ensure_schema`, idempotent and serialised by an advisory lock so that several
replicas starting at once don't race). Until then /ready answers 503 with the reason; after
that, a database restart fails requests one by one with a fast 503 (`POOL_WAIT_TIMEOUT`)
instead of taking every replica out of the Service at once, and the pool replaces the dead
connections by itself (each is checked on checkout). A read whose connection drops is retried
once on a fresh one; a write never is, since its COMMIT may already have happened.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import psycopg
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool, PoolTimeout

log = logging.getLogger("app.db")

# Seconds a readiness check may take to connect; the probe's own timeout is longer.
READY_CONNECT_TIMEOUT = 2
# Seconds a request waits for a pooled connection before answering 503: short, so that while
# the database restarts callers get a clear answer well within their own timeouts.
POOL_WAIT_TIMEOUT = 2.0
# What a 503 tells the client: try again after this many seconds (a restart takes a few).
RETRY_AFTER_SECONDS = 2
POOL_MIN_SIZE = 1
POOL_MAX_SIZE = 10
# Arbitrary constant key for pg_advisory_xact_lock around the DDL.
SCHEMA_LOCK_KEY = 7_234_001

SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS todos (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title       TEXT        NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    completed   BOOLEAN     NOT NULL DEFAULT FALSE,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
)
"""


class DatabaseUnavailable(Exception):
    """The database can't be reached (or isn't configured); maps to HTTP 503."""

    def __init__(self, reason: str, *, connection_lost: bool = False) -> None:
        super().__init__(reason)
        # True when an open connection broke (vs. no connection at all): a read may retry.
        self.connection_lost = connection_lost


class Database:
    def __init__(self, url: str, secrets: list[str] | None = None) -> None:
        self.url = url
        self._secrets = [s for s in (secrets or []) if s]
        self._pool: AsyncConnectionPool | None = None
        self._schema_ready = False
        self._schema_lock = asyncio.Lock()
        self._startup_task: asyncio.Task[None] | None = None

    def scrub(self, text: str) -> str:
        for s in self._secrets:
            text = text.replace(s, "[redacted]")
        return text

    async def open(self) -> None:
        """Start the pool without waiting for the database (it may be down)."""
        if not self.url:
            log.warning("DATABASE_URL is not set: /ready will answer 503")
            return
        self._pool = AsyncConnectionPool(
            self.url,
            min_size=POOL_MIN_SIZE,
            max_size=POOL_MAX_SIZE,
            timeout=POOL_WAIT_TIMEOUT,
            open=False,
            check=AsyncConnectionPool.check_connection,
            kwargs={"connect_timeout": READY_CONNECT_TIMEOUT, "row_factory": dict_row},
            name="todos",
        )
        await self._pool.open(wait=False)
        # In the background, so that start-up (and /health) never waits for the database.
        self._startup_task = asyncio.create_task(self._initial_schema())

    async def _initial_schema(self) -> None:
        try:
            await self.ensure_schema()
        except DatabaseUnavailable as exc:
            log.warning(
                "database not reachable at start-up; the table is created once it answers",
                extra={"fields": {"reason": str(exc)}},
            )

    async def close(self) -> None:
        if self._startup_task is not None:
            self._startup_task.cancel()
            self._startup_task = None
        if self._pool is not None:
            await self._pool.close()
            self._pool = None

    @property
    def schema_ready(self) -> bool:
        return self._schema_ready

    async def check(self) -> None:
        """`SELECT 1` over a fresh connection; raises DatabaseUnavailable with the reason."""
        if not self.url:
            raise DatabaseUnavailable("DATABASE_URL is not set")
        try:
            async with asyncio.timeout(READY_CONNECT_TIMEOUT + 1):
                conn = await psycopg.AsyncConnection.connect(
                    self.url, connect_timeout=READY_CONNECT_TIMEOUT, autocommit=True
                )
                async with conn:
                    await conn.execute("SELECT 1")
        except TimeoutError as exc:
            raise DatabaseUnavailable(
                f"database did not answer within {READY_CONNECT_TIMEOUT + 1} s"
            ) from exc
        except psycopg.Error as exc:
            raise DatabaseUnavailable(self.scrub(str(exc).strip())) from exc
        await self.ensure_schema()

    async def ensure_schema(self) -> None:
        if self._schema_ready:
            return
        async with self._schema_lock:
            if self._schema_ready:
                return
            async with self._raw_connection() as conn:
                async with conn.transaction():
                    await conn.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK_KEY,))
                    await conn.execute(SCHEMA_SQL)
            self._schema_ready = True
            log.info("schema ready (table todos)")

    @asynccontextmanager
    async def _raw_connection(self) -> AsyncIterator[psycopg.AsyncConnection[dict[str, object]]]:
        if self._pool is None:
            raise DatabaseUnavailable("DATABASE_URL is not set")
        try:
            async with self._pool.connection() as conn:
                yield conn
        except PoolTimeout as exc:
            raise DatabaseUnavailable(
                f"no database connection within {POOL_WAIT_TIMEOUT:g} s"
            ) from exc
        except psycopg.OperationalError as exc:
            raise DatabaseUnavailable(self.scrub(str(exc).strip()), connection_lost=True) from exc

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[psycopg.AsyncConnection[dict[str, object]]]:
        """A pooled connection for a request, after making sure the table exists."""
        await self.ensure_schema()
        async with self._raw_connection() as conn:
            yield conn

    async def read(self, query: str, params: tuple[object, ...] = ()) -> list[dict[str, object]]:
        """Rows of an idempotent query, retried once when its connection drops (a pooled
        connection that the server closed, e.g. by a restart, after the checkout check)."""
        for attempt in (1, 2):
            try:
                async with self.connection() as conn:
                    cur = await conn.execute(query, params)
                    return await cur.fetchall()
            except DatabaseUnavailable as exc:
                if attempt == 2 or not exc.connection_lost or self._pool is None:
                    raise
                log.info("read retried on a fresh connection", extra={"fields": {"reason": str(exc)}})
                # A restart closes every pooled connection at once: drop them all, not just one.
                await self._pool.check()
        raise AssertionError("unreachable")
