"""Goal: the timeouts every connection carries are in force, so a stuck request cannot hold
locks for long: a transaction left idle is ended by the server (its locks released), a slow
statement is cancelled, a lock wait gives up.

Method: engines from ``kit.database.create_engine`` with short timeouts over a migrated
database; the chain head row (``ledger_chain``) as the locked row.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from kit.database import create_engine
from kit.settings import Settings

LOCK_CHAIN = text("SELECT 1 FROM ledger_chain FOR UPDATE")
SHORT_MS = 300


@pytest.fixture
async def short(database_url: str) -> AsyncIterator[AsyncEngine]:
    settings = Settings(
        statement_timeout_ms=SHORT_MS, lock_timeout_ms=SHORT_MS,
        idle_in_transaction_timeout_ms=SHORT_MS,
    )  # fmt: skip
    engine = create_engine(database_url, settings)
    yield engine
    await engine.dispose()


@pytest.fixture
async def patient(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url, Settings())
    yield engine
    await engine.dispose()


async def test_an_idle_transaction_is_ended_and_its_locks_released(
    short: AsyncEngine, patient: AsyncEngine
) -> None:
    async with short.connect() as idle:
        shown = await idle.execute(text("SHOW idle_in_transaction_session_timeout"))
        assert shown.scalar_one() == f"{SHORT_MS}ms"
        await idle.execute(LOCK_CHAIN)
        await asyncio.sleep(SHORT_MS / 1000 * 4)
        # The server terminated the session: the driver finds its connection closed.
        with pytest.raises(DBAPIError, match="connection is closed"):
            await idle.execute(text("SELECT 1"))
    async with patient.begin() as other:
        assert (await other.execute(LOCK_CHAIN)).scalar_one() == 1


async def test_a_slow_statement_is_cancelled(short: AsyncEngine) -> None:
    async with short.connect() as connection:
        with pytest.raises(DBAPIError, match="statement timeout"):
            await connection.execute(text("SELECT pg_sleep(5)"))


async def test_a_lock_wait_gives_up(database_url: str, patient: AsyncEngine) -> None:
    # The statement timeout left long, so the lock timeout is what fires.
    waiting = create_engine(database_url, Settings(lock_timeout_ms=SHORT_MS))
    try:
        async with patient.begin() as holder:
            await holder.execute(LOCK_CHAIN)
            async with waiting.connect() as waiter:
                with pytest.raises(DBAPIError, match="lock timeout"):
                    await waiter.execute(LOCK_CHAIN)
    finally:
        await waiting.dispose()
