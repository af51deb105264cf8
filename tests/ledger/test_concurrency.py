"""Goal: many concurrent writers on overlapping accounts never overdraw a wallet, lose or
create a point, or break the chain; replays racing their originals charge once.

Method: 16 tasks (each its own connection and database transactions, retried by
``run_in_transaction``, or sent by ``post_transfers`` as one statement each) move points randomly among a few no-negative wallets and a pool, with
random amounts large enough that many transfers must fail, while a sealer links committed
transfers into the chain; then totals, ``verify`` (every transfer linked exactly once) and the
expected sum of created amounts are checked.
"""

from __future__ import annotations

import asyncio
import random

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import ledger
from kit.database import session_scope
from ledger import TransferStatus
from tests.ledger.factories import create_account, transfer

WRITERS = 16
TRANSFERS_PER_WRITER = 40
WALLETS = 4
FUNDING = 50


@pytest.mark.parametrize("alone", [False, True], ids=["in_transaction", "post_transfers"])
async def test_concurrent_writers_never_overdraw(
    session_factory: async_sessionmaker[AsyncSession], alone: bool
) -> None:
    async with session_scope(session_factory) as session:
        pool = await create_account(session, "pool")
        wallets = [await create_account(session, f"w{i}", no_negative=True) for i in range(WALLETS)]
        await ledger.create_transfers(session, [transfer(pool, w, FUNDING) for w in wallets])

    async def writer(seed: int) -> list[ledger.TransferResult]:
        rng = random.Random(seed)
        results = []
        for _ in range(TRANSFERS_PER_WRITER):
            debit, credit = (
                rng.sample(wallets, 2) if rng.random() < 0.8 else (pool, rng.choice(wallets))
            )
            batch = [transfer(debit, credit, rng.randint(1, 30))]
            if rng.random() < 0.3:
                batch.append(transfer(rng.choice(wallets), pool, rng.randint(1, 10)))
            if alone:  # one statement, its own transaction, when the fast path takes it
                results += await ledger.post_transfers(session_factory, batch, attempts=10)
            else:
                results += await ledger.run_in_transaction(
                    session_factory, lambda s, b=batch: ledger.create_transfers(s, b), attempts=10
                )
            # A retry of the same batch (as after a lost reply) must change nothing.
            replay = await ledger.run_in_transaction(
                session_factory, lambda s, b=batch: ledger.create_transfers(s, b), attempts=10
            )
            assert all(
                r.status in (TransferStatus.EXISTS, TransferStatus.ID_ALREADY_FAILED)
                for r in replay
            )
        return results

    writing = True

    async def sealer() -> None:
        while writing:
            async with session_scope(session_factory) as session:
                await ledger.seal(session, limit=7)
            await asyncio.sleep(0.01)

    sealing = asyncio.create_task(sealer())
    outcomes = await asyncio.gather(*(writer(seed) for seed in range(WRITERS)))
    writing = False
    await sealing
    async with session_scope(session_factory) as session:
        while (await ledger.seal(session)).linked:
            pass
    created = [
        r.transfer for results in outcomes for r in results if r.status is TransferStatus.CREATED
    ]
    failed = [r for results in outcomes for r in results if not r.ok]
    assert created
    assert failed, "the scenario must exercise insufficient balances"
    assert {r.status for r in failed} == {TransferStatus.EXCEEDS_CREDITS}
    async with session_scope(session_factory) as session:
        accounts = await ledger.lookup_accounts(session, [pool, *wallets])
        report = await ledger.verify(session)
    assert report.ok, [str(v) for v in report.violations]
    assert report.transfers_checked == report.links_checked == WALLETS + len(created)
    assert all(a.balances.credit_balance >= 0 for a in accounts[1:])
    assert sum(a.balances.credit_balance for a in accounts) == 0
    issued = WALLETS * FUNDING + sum(
        t.amount for t in created if t is not None and t.debit_account_id == pool
    )
    returned = sum(t.amount for t in created if t is not None and t.credit_account_id == pool)
    assert sum(a.balances.credit_balance for a in accounts[1:]) == issued - returned
