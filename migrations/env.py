"""Alembic environment: async engine, whole-metadata comparison, conservative lock timeout."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy import pool, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

import governance.models
import ledger.models  # noqa: F401  (registers the ledger tables on the metadata)
from kit.database import to_asyncpg_url
from kit.models import Base

assert governance.models  # the import registers the governance tables

MIGRATION_LOCK_TIMEOUT = "5s"


def run_migrations(connection: Connection) -> None:
    connection.execute(text(f"SET lock_timeout = '{MIGRATION_LOCK_TIMEOUT}'"))
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        compare_type=True,
        transaction_per_migration=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_async() -> None:
    url = to_asyncpg_url(context.config.get_main_option("sqlalchemy.url") or "")
    engine = create_async_engine(url, poolclass=pool.NullPool)
    async with engine.connect() as connection:
        await connection.run_sync(run_migrations)
        await connection.commit()
    await engine.dispose()


def run() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run_migrations(connection)
        return
    asyncio.run(run_async())


run()
