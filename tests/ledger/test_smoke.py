"""Goal: the ledger posts a transfer end to end. Method: one account pair, one transfer."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

import ledger
from ledger import TransferStatus
from tests.ledger.factories import create_account, transfer


async def test_post_one(session: AsyncSession) -> None:
    pool = await create_account(session, "pool")
    wallet = await create_account(session, "wallet", no_negative=True)
    [result] = await ledger.create_transfers(session, [transfer(pool, wallet, 10)])
    assert result.status is TransferStatus.CREATED
    [spend] = await ledger.create_transfers(session, [transfer(wallet, pool, 11)])
    assert spend.status is TransferStatus.EXCEEDS_CREDITS
    accounts = await ledger.lookup_accounts(session, [pool, wallet])
    assert accounts[1].balances.credit_balance == 10
    report = await ledger.verify(session)
    assert report.ok, report.violations
