"""Goal: the server seals the ledger's hash chain by itself, so the published head keeps up.

Method: post transfers through the ledger, serve the real app with a short seal interval, and
wait (bounded) until the chain head covers every transfer.
"""

from __future__ import annotations

import asyncio

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import ledger
from kit.database import session_scope
from kit.settings import Settings
from tests.ledger.factories import create_account, transfer
from tests.support.graphql import graphql_client

TRANSFERS = 5
WAIT_SECONDS_MAX = 10.0


async def test_server_seals_the_chain(
    database_url: str, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    async with session_scope(session_factory) as session:
        pool = await create_account(session)
        wallet = await create_account(session, no_negative=True)
        specs = [transfer(pool, wallet, 10) for _ in range(TRANSFERS)]
        results = await ledger.create_transfers(session, specs)
        assert {result.status for result in results} == {ledger.TransferStatus.CREATED}
    async with session_scope(session_factory) as session:
        assert (await ledger.chain_head(session)).sequence == 0
    settings = Settings(seal_interval_seconds=0.05)
    async with graphql_client(settings, database_url):
        sequence = 0
        for _ in range(int(WAIT_SECONDS_MAX / 0.05)):
            async with session_scope(session_factory) as session:
                sequence = (await ledger.chain_head(session)).sequence
            if sequence == TRANSFERS:
                break
            await asyncio.sleep(0.05)
    assert sequence == TRANSFERS
