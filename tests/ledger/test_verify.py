"""Goal: ``verify`` finds a transfer edited directly in SQL (as a superuser could), by its id,
whether or not the editor also recomputed its digest; it finds balances that no longer match
the log, and transfers the sealer skipped; the chain head follows sealing.

Method: build a small ledger and seal it; check it verifies; then, as superuser, disable the
append-only trigger and edit a row (or an account, or the head), and verify again.
"""

from __future__ import annotations

import dataclasses

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import ledger
from kit.database import session_scope
from ledger import TransferKind
from ledger.chain import digest
from tests.ledger.factories import create_account, post, transfer


async def build(factory: async_sessionmaker[AsyncSession]) -> list[ledger.Transfer]:
    async with session_scope(factory) as session:
        pool = await create_account(session, "pool")
        wallet = await create_account(session, "wallet", no_negative=True)
        hold = transfer(wallet, pool, 2, kind=TransferKind.PENDING)
        specs = [transfer(pool, wallet, 10), transfer(pool, wallet, 5), hold, post(hold.id)]
        results = await ledger.create_transfers(session, specs)
    async with session_scope(factory) as session:
        assert (await ledger.seal(session)).linked == 4
        report = await ledger.verify(session)
    assert report.ok, [str(v) for v in report.violations]
    assert (report.transfers_checked, report.links_checked) == (4, 4)
    return [r.transfer for r in results if r.transfer is not None]


async def edit(factory: async_sessionmaker[AsyncSession], statement: str, **values: object) -> None:
    async with session_scope(factory) as session:
        await session.execute(text("ALTER TABLE transfers DISABLE TRIGGER transfers_append_only"))
        await session.execute(text(statement), values)
        await session.execute(
            text("ALTER TABLE transfers ENABLE ALWAYS TRIGGER transfers_append_only")
        )


async def violations(factory: async_sessionmaker[AsyncSession]) -> list[ledger.Violation]:
    async with session_scope(factory) as session:
        return (await ledger.verify(session)).violations


async def test_edited_transfer_is_reported_by_id(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    edited = (await build(session_factory))[1]
    await edit(session_factory, "UPDATE transfers SET amount = 500 WHERE id = :id", id=edited.id)
    found = await violations(session_factory)
    assert [(v.kind, v.subject) for v in found if v.kind == "digest"] == [
        ("digest", f"transfer {edited.id}")
    ]
    assert any(v.kind == "running_balance" for v in found)


async def test_edit_with_recomputed_digest_breaks_the_chain(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    """A careful editor rewrites amount, running balance and digest: the chain link says so."""
    edited = (await build(session_factory))[0]
    balances = dataclasses.replace(edited.credit_balances_after, credits_posted=11)
    forged = dataclasses.replace(edited, amount=11, credit_balances_after=balances)
    await edit(
        session_factory,
        "UPDATE transfers SET amount = 11, credit_credits_posted_after = 11, digest = :digest "
        "WHERE id = :id",
        id=edited.id,
        digest=digest(forged),
    )
    found = await violations(session_factory)
    assert ("chain", f"transfer {edited.id}") in [(v.kind, v.subject) for v in found]
    assert not [v for v in found if v.kind == "digest"]


async def test_edited_balance_is_reported(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await build(session_factory)
    async with session_scope(session_factory) as session:
        await session.execute(text("UPDATE accounts SET credits_posted = credits_posted + 1"))
    kinds = sorted({v.kind for v in await violations(session_factory)})
    assert kinds == ["account_balance", "conservation"]


async def test_skipped_transfers_are_reported(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    """If the head claims a horizon past transfers that have no link, verify says which."""
    await build(session_factory)
    async with session_scope(session_factory) as session:
        await ledger.create_transfers(session, [transfer(1, 2, 1)])
    async with session_scope(session_factory) as session:
        await session.execute(text("UPDATE ledger_chain SET horizon_xid = horizon_xid + 10000"))
    assert [v.kind for v in await violations(session_factory)] == ["unsealed"]


async def test_chain_head_follows_sealing(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_scope(session_factory) as session:
        empty = await ledger.chain_head(session)
    assert (empty.sequence, empty.hash_hex, empty.sealed_at) == (0, "00" * 32, None)
    await build(session_factory)
    async with session_scope(session_factory) as session:
        head = await ledger.chain_head(session)
        assert (await ledger.seal(session)).linked == 0
        await ledger.create_transfers(session, [transfer(1, 2, 1)])
        # Not committed yet: this very transaction is inside the horizon, so not sealed.
        assert (await ledger.seal(session)).linked == 0
    async with session_scope(session_factory) as session:
        sealed = await ledger.seal(session)
        after = await ledger.chain_head(session)
    assert head.sequence == 4
    assert (sealed.linked, sealed.sequence, after.sequence) == (1, 5, 5)
    assert after.hash_hex == sealed.hash.hex() != head.hash_hex
