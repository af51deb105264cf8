"""Database URLs, engines and sessions.

Services flush; the request or command boundary commits (``session_scope``). Every connection
carries statement, lock and idle-in-transaction timeouts so a stuck request cannot hold locks.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from kit.driver import install_liveness_check
from kit.embedded import start_embedded
from kit.operator_errors import OperatorError
from kit.outage import is_connection_failure, outage_log
from kit.settings import Settings

# A server that does not answer within this is reported as unreachable (asyncpg waits 60 s).
CONNECT_TIMEOUT_SECONDS = 3


def resolve_database_url(settings: Settings, *, create: bool = False) -> str:
    """The configured URL, or the embedded server's (started if needed) with our database.

    Only with ``create`` (``serve``, ``migrate``, ``restore``) is a new embedded data directory
    or database made; otherwise a missing or unmigrated database is an ``OperatorError``
    naming where it was looked for, as is a server that cannot be reached.
    """
    if settings.database_url:
        url = to_asyncpg_url(settings.database_url)
        where = f"{redacted(settings.database_url)} (GRASSROOTS_DATABASE_URL)"
        asyncio.run(check_database(url, where, migrated=not create))
        return url
    pgdata = settings.pgdata_path
    where = f"the embedded PostgreSQL in {pgdata.resolve()}"
    if not create and not is_data_directory(pgdata):
        raise OperatorError(
            f"no database in {pgdata.resolve()}: run the command in the folder holding the "
            "project's .grassroots, set GRASSROOTS_DATA_DIR or GRASSROOTS_DATABASE_URL, or "
            "create one here with `grassroots migrate`"
        )
    server_url = start_embedded(pgdata)
    url = with_database(to_asyncpg_url(server_url), settings.database_name)
    if create:
        asyncio.run(ensure_database_exists(url))
    else:
        asyncio.run(check_database(url, where, migrated=True))
    return url


def is_data_directory(pgdata: Path) -> bool:
    """Whether ``pgdata`` holds a PostgreSQL cluster (``initdb`` writes ``PG_VERSION`` first)."""
    return (pgdata / "PG_VERSION").is_file()


def redacted(url: str) -> str:
    """The URL as shown to the operator: no password (for a malformed one, no credentials)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return url.rsplit("@", maxsplit=1)[-1]


async def check_database(url: str, where: str, *, migrated: bool) -> None:
    """``OperatorError`` unless the URL's database answers (within the connect timeout) and,
    when ``migrated``, holds the schema's migration table."""
    try:
        connection = await asyncpg.connect(to_libpq_url(url), timeout=CONNECT_TIMEOUT_SECONDS)
    except asyncpg.InvalidCatalogNameError:
        raise OperatorError(
            f"database {database_of(url)} does not exist at {where}: run `grassroots migrate` "
            "(on an external server, create the database first)"
        ) from None
    except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
        reason = str(error) or type(error).__name__
        raise OperatorError(f"cannot connect to the database at {where}: {reason}") from error
    except (ValueError, OverflowError) as error:  # what asyncpg raises on a malformed URL
        raise OperatorError(f"not a valid database URL: {where}: {error}") from error
    try:
        schema = await connection.fetchval("SELECT to_regclass('alembic_version')")
    finally:
        await connection.close()
    if migrated and schema is None:
        raise OperatorError(
            f"database {database_of(url)} at {where} holds no grassroots tables: "
            "run `grassroots migrate`"
        )


def to_asyncpg_url(url: str) -> str:
    """Normalise ``postgres://`` / ``postgresql://`` URLs to SQLAlchemy's asyncpg dialect."""
    for prefix in ("postgresql+asyncpg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix) :]
    raise OperatorError(f"not a PostgreSQL URL: {url.rsplit('@', maxsplit=1)[-1]}")


def to_libpq_url(url: str) -> str:
    """The plain libpq form (for asyncpg.connect, pg_dump, psql, pgbench)."""
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


def with_database(url: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + database))


def database_of(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


@asynccontextmanager
async def admin_connection(url: str) -> AsyncIterator[asyncpg.Connection]:
    """A plain connection to the maintenance database ``postgres`` on ``url``'s server, for
    creating, renaming and dropping databases (none of which can run inside the database)."""
    admin = await asyncpg.connect(to_libpq_url(with_database(url, "postgres")))
    try:
        yield admin
    finally:
        await admin.close()


async def ensure_database_exists(url: str) -> None:
    """Create the URL's database on its server if it does not exist yet."""
    name = database_of(url)
    async with admin_connection(url) as admin:
        exists = await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if not exists:
            await admin.execute(f'CREATE DATABASE "{name}"')


def create_engine(url: str, settings: Settings, *, pre_ping: bool = False) -> AsyncEngine:
    """An engine whose connections carry the timeouts. ``pre_ping`` checks each connection on
    checkout; with asyncpg that costs three round trips (BEGIN, a ping, ROLLBACK) per
    transaction, so throughput-bound callers (benchmarks, batch jobs) may turn it off."""
    server_settings = {
        "statement_timeout": str(settings.statement_timeout_ms),
        "lock_timeout": str(settings.lock_timeout_ms),
        "idle_in_transaction_session_timeout": str(settings.idle_in_transaction_timeout_ms),
        "application_name": "grassroots",
    }
    engine = create_async_engine(
        to_asyncpg_url(url),
        pool_size=settings.pool_size,
        max_overflow=settings.pool_overflow_max,
        pool_pre_ping=pre_ping,
        connect_args={"server_settings": server_settings},
    )
    install_liveness_check(engine)
    # A connection made means the server is back, if it was gone.
    event.listen(engine.sync_engine, "connect", lambda *_: outage_log.recovered())
    return engine


class InvalidatingSession(AsyncSession):
    """An ``AsyncSession`` that, left by an outage, discards its connection instead of
    returning it to the pool (where a rollback on it would fail and log a traceback)."""

    async def __aexit__(self, type_: Any, value: Any, traceback: Any) -> None:
        if value is not None and is_connection_failure(value):
            await self.invalidate()
        else:
            await super().__aexit__(type_, value, traceback)


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(
        engine, class_=InvalidatingSession, expire_on_commit=False, autoflush=False
    )


@asynccontextmanager
async def session_scope(factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """One unit of work: commit on success, roll back on any exception."""
    async with factory() as session:
        try:
            yield session
            await session.commit()
        except BaseException as error:
            if not is_connection_failure(error):  # a lost connection has nothing to roll back
                await session.rollback()
            raise
