"""Goal: the fast path (``ledger.posting``: one statement for a batch of new POSTED
transfers) writes exactly what the full rules would, with digests ``verify`` accepts, in one
statement; any batch it cannot take whole is answered by the full rules, as before; and
``post_transfers`` makes such a batch a transaction of its own.

Method: the canonical payload cut by ``payload_parts`` is compared with ``payload`` for drawn
transfers (hypothesis, no database); batches through the public API on a fresh migrated
database, statements counted on the driver (``kit.statement_counter``), ``verify`` after each.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TypeVar

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import ledger
from kit.database import session_scope
from kit.statement_counter import StatementCounter, current_counter
from ledger import Balances, TransferKind, TransferStatus, Unit
from ledger.chain import payload, payload_parts
from ledger.rules import Draft
from tests.ledger.factories import create_account, transfer

S = TransferStatus
T = TypeVar("T")
amounts = st.integers(0, ledger.AMOUNT_MAX)
balances = st.builds(Balances, amounts, amounts, amounts, amounts)


drafts = st.builds(
    Draft,
    id=st.uuids(),
    debit_account_id=st.integers(1, ledger.AMOUNT_MAX),
    credit_account_id=st.integers(1, ledger.AMOUNT_MAX),
    amount=st.integers(1, ledger.AMOUNT_MAX),
    unit=st.sampled_from([Unit.POINTS, Unit.VOLUNTEER_MINUTES, ledger.stock_unit(7)]),
    kind=st.just(TransferKind.POSTED),
    pending_id=st.none(),
    timeout_seconds=st.none(),
    reverses_id=st.none(),
    event_at=st.none() | st.datetimes(timezones=st.just(UTC)),
    code=st.integers(0, 65_535),
    reference=st.none() | st.text(max_size=40),
    linked=st.booleans(),
    debit_balances_after=balances,
    credit_balances_after=balances,
)


def _listed(b: Balances) -> str:
    return f"[{b.debits_pending},{b.debits_posted},{b.credits_pending},{b.credits_posted}]"


@given(draft=drafts)
def test_the_cut_payload_is_the_payload(draft: Draft) -> None:
    spec = ledger.TransferSpec(
        id=draft.id, debit_account_id=draft.debit_account_id,
        credit_account_id=draft.credit_account_id, amount=draft.amount, unit=draft.unit,
        event_at=draft.event_at, code=draft.code, reference=draft.reference, linked=draft.linked,
    )  # fmt: skip
    head, middle, tail = payload_parts(spec)
    cut = head + _listed(draft.credit_balances_after) + middle + _listed(draft.debit_balances_after)
    assert cut + tail == payload(draft)


async def _verified(session: AsyncSession) -> None:
    report = await ledger.verify(session)
    assert report.ok, [str(v) for v in report.violations]


async def _counted(work: Callable[[], Awaitable[T]]) -> tuple[T, int]:
    counter = StatementCounter()
    token = current_counter.set(counter)
    try:
        result = await work()
    finally:
        current_counter.reset(token)
    return result, counter.count


async def test_an_accepted_batch_is_one_statement(session: AsyncSession) -> None:
    pool = await create_account(session, "pool")
    alice = await create_account(session, "alice", no_negative=True)
    bob = await create_account(session, "bob", no_negative=True)
    when = datetime(2026, 12, 3, 8, 30, tzinfo=UTC)
    batch = [
        transfer(pool, alice, 10, linked=True, reference="兑换:1", code=3),
        transfer(alice, bob, 10, event_at=when),  # spends what the first one brought
        transfer(bob, alice, 4),
    ]
    results, statements = await _counted(lambda: ledger.create_transfers(session, batch))

    assert statements == 1
    assert [r.status for r in results] == [S.CREATED] * 3
    [stored_alice] = await ledger.lookup_accounts(session, [alice])
    assert stored_alice.balances == Balances(0, 10, 0, 14)
    last = results[2].transfer
    assert last is not None
    assert last.debit_balances_after == Balances(0, 4, 0, 10)  # bob
    assert last.credit_balances_after == Balances(0, 10, 0, 14)  # alice
    positions = [r.transfer.position for r in results if r.transfer]
    assert positions == sorted(positions)
    await ledger.seal(session)
    await _verified(session)


async def test_a_batch_the_fast_path_turns_down_gets_the_full_rules(session: AsyncSession) -> None:
    pool = await create_account(session, "pool")
    alice = await create_account(session, "alice", no_negative=True)
    bob = await create_account(session, "bob", no_negative=True)
    batch = [transfer(pool, alice, 5), transfer(alice, bob, 6), transfer(alice, bob, 5)]
    results, statements = await _counted(lambda: ledger.create_transfers(session, batch))

    # The fast call writes nothing; the rules then take the batch (lock-and-read, failure, write).
    assert statements > 1
    assert [r.status for r in results] == [S.CREATED, S.EXCEEDS_CREDITS, S.CREATED]
    replay = await ledger.create_transfers(session, batch)
    assert [r.status for r in replay] == [S.EXISTS, S.ID_ALREADY_FAILED, S.EXISTS]
    count = await session.scalar(text("SELECT count(*) FROM transfers"))
    assert count == 2
    await _verified(session)


async def test_unknown_closed_and_foreign_accounts_are_judged_by_the_rules(
    session: AsyncSession,
) -> None:
    pool = await create_account(session, "pool")
    alice = await create_account(session, "alice")
    minutes = await create_account(session, "minutes", Unit.VOLUNTEER_MINUTES)
    closed = await create_account(session, "closed")
    await ledger.close_account(session, closed)
    results = await ledger.create_transfers(
        session,
        [
            transfer(pool, 999_999, 1),
            transfer(pool, minutes, 1),
            transfer(pool, closed, 1),
            transfer(pool, alice, 1, unit=Unit.VOLUNTEER_MINUTES),
            transfer(pool, alice, ledger.AMOUNT_MAX),
            transfer(pool, alice, 1),
        ],
    )
    assert [r.status for r in results] == [
        S.CREDIT_ACCOUNT_NOT_FOUND,
        S.ACCOUNTS_MUST_HAVE_THE_SAME_UNIT,
        S.CREDIT_ACCOUNT_CLOSED,
        S.TRANSFER_MUST_HAVE_THE_SAME_UNIT_AS_ACCOUNTS,
        S.CREATED,
        S.OVERFLOWS,
    ]
    await _verified(session)


async def test_post_transfers_is_a_transaction_of_its_own(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_scope(session_factory) as session:
        pool = await create_account(session, "pool")
        alice = await create_account(session, "alice", no_negative=True)
    batch = [transfer(pool, alice, 7)]
    results, statements = await _counted(lambda: ledger.post_transfers(session_factory, batch))
    assert statements == 1
    assert [r.status for r in results] == [S.CREATED]
    # Committed: another session sees it, and a replay reports it.
    async with session_scope(session_factory) as session:
        [stored] = await ledger.lookup_accounts(session, [alice])
        assert stored.balances.credits_posted == 7
    replay = await ledger.post_transfers(session_factory, batch)
    assert [r.status for r in replay] == [S.EXISTS]
    # A pending transfer needs the full rules; a refused one is stored as failed.
    hold = transfer(alice, pool, 5, kind=TransferKind.PENDING)
    too_much = transfer(alice, pool, 8)
    outcome = await ledger.post_transfers(session_factory, [hold, too_much])
    assert [r.status for r in outcome] == [S.CREATED, S.EXCEEDS_CREDITS]
    async with session_scope(session_factory) as session:
        await ledger.seal(session)
        await _verified(session)
