"""Goal: ``run_in_transaction`` retries deadlocks and serialization failures (raised bare by
asyncpg or wrapped by SQLAlchemy), and a racing first use of one transfer id, but nothing else.

Method: a function that fails with the given error on its first attempt, counting attempts;
and two sessions racing the same new transfer id on disjoint accounts.
"""

from __future__ import annotations

import asyncio
import uuid

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import ledger
from kit.database import session_scope
from ledger import TransferStatus
from tests.ledger.factories import create_account, transfer


@pytest.mark.parametrize(
    ("statement", "retried"),
    [
        ("DO $$ BEGIN RAISE EXCEPTION 'x' USING ERRCODE = '40001'; END $$", True),
        ("DO $$ BEGIN RAISE EXCEPTION 'x' USING ERRCODE = '40P01'; END $$", True),
        ("DO $$ BEGIN RAISE EXCEPTION 'x' USING ERRCODE = '22012'; END $$", False),
    ],
)
async def test_retries_only_retryable_errors(
    session_factory: async_sessionmaker[AsyncSession], statement: str, retried: bool
) -> None:
    attempts = 0

    async def flaky(session: AsyncSession) -> int:
        nonlocal attempts
        attempts += 1
        if attempts == 1:
            await session.execute(text(statement))
        return attempts

    if retried:
        assert await ledger.run_in_transaction(session_factory, flaky) == 2
    else:
        with pytest.raises(Exception, match="x"):
            await ledger.run_in_transaction(session_factory, flaky)
        assert attempts == 1


async def test_bare_asyncpg_error_is_retried(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    attempts = 0

    async def flaky(session: AsyncSession) -> int:
        nonlocal attempts
        attempts += 1
        if attempts == 1:
            raise asyncpg.exceptions.DeadlockDetectedError("deadlock")
        return attempts

    assert await ledger.run_in_transaction(session_factory, flaky) == 2


async def test_racing_first_use_of_an_id(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_scope(session_factory) as session:
        a, b, c, d = [await create_account(session, name) for name in "abcd"]
    same_id = uuid.uuid4()
    specs = [transfer(a, b, 1, id=same_id), transfer(c, d, 2, id=same_id)]
    results = await asyncio.gather(
        *(
            ledger.run_in_transaction(
                session_factory, lambda s, spec=spec: ledger.create_transfers(s, [spec])
            )
            for spec in specs
        )
    )
    statuses = sorted(result[0].status for result in results)
    assert statuses == sorted([TransferStatus.CREATED, TransferStatus.EXISTS_WITH_DIFFERENT_FIELDS])
