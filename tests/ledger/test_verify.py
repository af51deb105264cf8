"""Goal: ``verify`` finds a transfer edited directly in SQL (as a superuser could), by its id,
and finds balances that no longer match the log.

Method: build a small ledger, check it verifies, then as superuser disable the append-only
trigger, edit one amount (or an account balance), and verify again.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import ledger
from kit.database import session_scope
from ledger import TransferKind
from tests.ledger.factories import create_account, post, transfer


async def build(session: AsyncSession) -> list[ledger.TransferSpec]:
    pool = await create_account(session, "pool")
    wallet = await create_account(session, "wallet", no_negative=True)
    hold = transfer(wallet, pool, 2, kind=TransferKind.PENDING)
    specs = [transfer(pool, wallet, 10), transfer(pool, wallet, 5), hold, post(hold.id)]
    results = await ledger.create_transfers(session, specs)
    assert all(r.ok for r in results)
    return specs


async def test_edited_transfer_is_reported_by_id(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_scope(session_factory) as session:
        specs = await build(session)
        assert (await ledger.verify(session)).ok
    edited = specs[1].id
    async with session_scope(session_factory) as session:
        await session.execute(text("ALTER TABLE transfers DISABLE TRIGGER transfers_append_only"))
        await session.execute(
            text("UPDATE transfers SET amount = 500 WHERE id = :id"), {"id": edited}
        )
        await session.execute(
            text("ALTER TABLE transfers ENABLE ALWAYS TRIGGER transfers_append_only")
        )
    async with session_scope(session_factory) as session:
        report = await ledger.verify(session)
    chain = [v for v in report.violations if v.kind == "chain"]
    assert [v.subject for v in chain] == [f"transfer {edited}"]
    assert any(v.kind == "running_balance" for v in report.violations)


async def test_edited_balance_is_reported(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_scope(session_factory) as session:
        await build(session)
        await session.execute(text("UPDATE accounts SET credits_posted = credits_posted + 1"))
    async with session_scope(session_factory) as session:
        report = await ledger.verify(session)
    kinds = sorted({v.kind for v in report.violations})
    assert kinds == ["account_balance", "conservation"]
    assert report.transfers_checked == 4


async def test_chain_head_matches_last_transfer(session: AsyncSession) -> None:
    empty = await ledger.chain_head(session)
    assert (empty.sequence, empty.hash_hex, empty.recorded_at) == (0, "00" * 32, None)
    await build(session)
    head = await ledger.chain_head(session)
    last = (await ledger.create_transfers(session, [transfer(1, 2, 1)]))[0].transfer
    assert head.sequence == 4
    assert last is not None
    assert last.sequence == 5
    assert (await ledger.chain_head(session)).hash_hex == last.hash.hex()
