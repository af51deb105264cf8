"""Goal: statements page newest first with the right running balances, and balances as of an
instant follow recording time (not event time).

Method: post a known sequence of transfers in separate commits, then read pages and as-of
balances at the recorded instants between them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import ledger
from kit.database import session_scope
from ledger import Balances, TransferKind
from tests.ledger.factories import create_account, post, transfer


async def test_statement_pages_with_running_balances(session: AsyncSession) -> None:
    pool = await create_account(session, "pool")
    wallet = await create_account(session, "wallet", no_negative=True)
    other = await create_account(session, "other")
    specs = [transfer(pool, wallet, amount) for amount in range(1, 8)]
    specs.append(transfer(pool, other, 100))  # not the wallet's: never on its statement
    specs.append(transfer(wallet, pool, 3))
    await ledger.create_transfers(session, specs)
    entries: list[ledger.StatementEntry] = []
    cursor = None
    while True:
        page = await ledger.statement(session, wallet, limit=3, before=cursor)
        entries.extend(page.entries)
        cursor = page.next_cursor
        if cursor is None:
            break
    assert [e.transfer.amount for e in entries] == [3, 7, 6, 5, 4, 3, 2, 1]
    assert entries[0].is_debit
    assert [e.balances_after.credit_balance for e in entries] == [25, 28, 21, 15, 10, 6, 3, 1]
    with pytest.raises(ValueError, match="limit"):
        await ledger.statement(session, wallet, limit=101)


async def test_balance_as_of_recording_time(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_scope(session_factory) as session:
        pool = await create_account(session, "pool")
        wallet = await create_account(session, "wallet")
    recorded = []
    last_month = datetime.now(UTC) - timedelta(days=30)
    hold = transfer(pool, wallet, 4, kind=TransferKind.PENDING)
    for spec in [transfer(pool, wallet, 10, event_at=last_month), hold, post(hold.id, 1)]:
        async with session_scope(session_factory) as session:
            [result] = await ledger.create_transfers(session, [spec])
            assert result.transfer is not None
            recorded.append(result.transfer.recorded_at)
    async with session_scope(session_factory) as session:
        before = await ledger.balance_as_of(session, wallet, recorded[0] - timedelta(seconds=1))
        first = await ledger.balance_as_of(session, wallet, recorded[0])
        held = await ledger.balance_as_of(session, wallet, recorded[1])
        now = await ledger.balance_as_of(session, wallet, recorded[2] + timedelta(days=1))
        [account] = await ledger.lookup_accounts(session, [wallet])
        event_time = await ledger.balance_as_of(session, wallet, last_month + timedelta(hours=1))
    assert before == Balances()
    assert first == Balances(credits_posted=10)
    assert held == Balances(credits_pending=4, credits_posted=10)
    assert now == Balances(credits_posted=11) == account.balances
    assert event_time == Balances()  # as-of follows recording, not the deed's event time
