"""Goal: the ledger's asyncpg statements belong to the caller's database transaction.

Method: create a transfer, roll the session back, and find nothing; create one and commit,
and find it. This pins the private SQLAlchemy adapter API that ``driver_connection`` uses.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import ledger
from kit.database import session_scope
from tests.ledger.factories import create_account, transfer


async def test_rollback_discards_and_commit_keeps(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_scope(session_factory) as session:
        pool = await create_account(session, "pool")
        wallet = await create_account(session, "wallet")
    async with session_factory() as session:
        [result] = await ledger.create_transfers(session, [transfer(pool, wallet, 5)])
        assert result.status is ledger.TransferStatus.CREATED
        await session.rollback()
    async with session_scope(session_factory) as session:
        assert (await ledger.seal(session)).linked == 0
        await ledger.create_transfers(session, [transfer(pool, wallet, 5)])
    async with session_scope(session_factory) as session:
        assert (await ledger.seal(session)).linked == 1
        [account] = await ledger.lookup_accounts(session, [wallet])
    assert account.balances.credits_posted == 5
