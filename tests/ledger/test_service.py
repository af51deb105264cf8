"""Goal: every result code of a batch, idempotency, linked chains, two-phase transfers,
timeouts and reversals behave as documented, and the database agrees afterwards.

Method: small scenarios through the public API on a fresh migrated database; after each,
``ledger.verify`` must find nothing wrong.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

import ledger
from ledger import AMOUNT_MAX, AccountSpec, AccountStatus, TransferKind, TransferStatus, Unit
from tests.ledger.factories import create_account, post, transfer, void

S = TransferStatus


async def balances(session: AsyncSession, account_id: int) -> ledger.Balances:
    [account] = await ledger.lookup_accounts(session, [account_id])
    return account.balances


async def assert_verified(session: AsyncSession) -> None:
    report = await ledger.verify(session)
    assert report.ok, [str(v) for v in report.violations]


@pytest.fixture
async def accounts(session: AsyncSession) -> tuple[int, int, int]:
    """An issuing pool, and two member wallets that never go negative."""
    pool = await create_account(session, "pool")
    alice = await create_account(session, "alice", no_negative=True)
    bob = await create_account(session, "bob", no_negative=True)
    return pool, alice, bob


async def test_accounts_are_idempotent_by_code(session: AsyncSession) -> None:
    spec = AccountSpec("household:1", Unit.POINTS, debits_must_not_exceed_credits=True)
    [first] = await ledger.create_accounts(session, [spec])
    [again] = await ledger.create_accounts(session, [spec])
    [other] = await ledger.create_accounts(session, [AccountSpec("household:1", Unit.POINTS)])
    assert first.status is AccountStatus.CREATED
    assert again.status is AccountStatus.EXISTS
    assert other.status is AccountStatus.EXISTS_WITH_DIFFERENT_FIELDS
    assert first.account.id == again.account.id == other.account.id
    with pytest.raises(ValueError, match="invalid unit"):
        await ledger.create_accounts(session, [AccountSpec("x", "DOLLARS")])


async def test_balance_exactly_zero_then_one_more(session: AsyncSession, accounts) -> None:
    pool, alice, _ = accounts
    results = await ledger.create_transfers(
        session, [transfer(pool, alice, 5), transfer(alice, pool, 5), transfer(alice, pool, 1)]
    )
    assert [r.status for r in results] == [S.CREATED, S.CREATED, S.EXCEEDS_CREDITS]
    assert (await balances(session, alice)).credit_balance == 0
    await assert_verified(session)


async def test_validation_codes(session: AsyncSession, accounts) -> None:
    pool, alice, _ = accounts
    pending_id = uuid.uuid4()
    cases = {
        S.AMOUNT_MUST_BE_POSITIVE: transfer(pool, alice, 0),
        S.AMOUNT_TOO_LARGE: transfer(pool, alice, AMOUNT_MAX + 1),
        S.ACCOUNTS_MUST_BE_DIFFERENT: transfer(pool, pool, 1),
        S.ACCOUNT_ID_REQUIRED: transfer(None, alice, 1),
        S.ACCOUNT_ID_INVALID: transfer(pool, 2**63, 1),
        S.UNIT_REQUIRED: transfer(pool, alice, 1, None),
        S.UNIT_INVALID: transfer(pool, alice, 1, "YUAN"),
        S.PENDING_ID_REQUIRED: transfer(None, None, 1, None, kind=TransferKind.POST_PENDING),
        S.PENDING_ID_MUST_BE_ABSENT: transfer(pool, alice, 1, pending_id=pending_id),
        S.PENDING_ID_MUST_BE_DIFFERENT: post(pending_id, id=pending_id),
        S.TIMEOUT_RESERVED_FOR_PENDING_TRANSFER: transfer(pool, alice, 1, timeout_seconds=5),
        S.TIMEOUT_INVALID: transfer(pool, alice, 1, kind=TransferKind.PENDING, timeout_seconds=0),
        S.REVERSAL_MUST_BE_POSTED: transfer(
            pool, alice, 1, kind=TransferKind.PENDING, reverses_id=pending_id
        ),
        S.CODE_INVALID: transfer(pool, alice, 1, code=70_000),
        S.REFERENCE_TOO_LONG: transfer(pool, alice, 1, reference="x" * 129),
    }
    results = await ledger.create_transfers(session, list(cases.values()))
    assert [r.status for r in results] == list(cases)
    # Validation failures are not stored: the same id may be used again, corrected.
    fixed = transfer(pool, alice, 1, id=cases[S.AMOUNT_MUST_BE_POSITIVE].id)
    [result] = await ledger.create_transfers(session, [fixed])
    assert result.status is S.CREATED


async def test_account_state_codes(session: AsyncSession, accounts) -> None:
    pool, alice, bob = accounts
    minutes = await create_account(session, "minutes", Unit.VOLUNTEER_MINUTES)
    budget = await create_account(session, "budget", budget=True)
    closed = await create_account(session, "closed")
    await ledger.close_account(session, closed)
    cases = {
        S.DEBIT_ACCOUNT_NOT_FOUND: transfer(999_999, alice, 1),
        S.CREDIT_ACCOUNT_NOT_FOUND: transfer(pool, 999_999, 1),
        S.ACCOUNTS_MUST_HAVE_THE_SAME_UNIT: transfer(pool, minutes, 1),
        S.TRANSFER_MUST_HAVE_THE_SAME_UNIT_AS_ACCOUNTS: transfer(pool, alice, 1, "STOCK:soap"),
        S.DEBIT_ACCOUNT_CLOSED: transfer(closed, alice, 1),
        S.CREDIT_ACCOUNT_CLOSED: transfer(pool, closed, 1),
        S.EXCEEDS_CREDITS: transfer(bob, pool, 1),
        S.EXCEEDS_DEBITS: transfer(pool, budget, 1),
        S.PENDING_TRANSFER_NOT_FOUND: post(uuid.uuid4()),
        S.REVERSED_TRANSFER_NOT_FOUND: transfer(alice, pool, 1, reverses_id=uuid.uuid4()),
    }
    results = await ledger.create_transfers(session, list(cases.values()))
    assert [r.status for r in results] == list(cases)
    await assert_verified(session)


async def test_overflow_at_the_largest_amount(session: AsyncSession, accounts) -> None:
    pool, alice, _ = accounts
    results = await ledger.create_transfers(
        session, [transfer(pool, alice, AMOUNT_MAX), transfer(pool, alice, 1)]
    )
    assert [r.status for r in results] == [S.CREATED, S.OVERFLOWS]
    assert (await balances(session, alice)).credits_posted == AMOUNT_MAX
    await assert_verified(session)


async def test_replay_same_fields_exists_other_fields_rejected(
    session: AsyncSession, accounts
) -> None:
    pool, alice, _ = accounts
    spec = transfer(pool, alice, 7, reference="deed:1")
    [created] = await ledger.create_transfers(session, [spec])
    [again] = await ledger.create_transfers(session, [spec])
    [changed] = await ledger.create_transfers(session, [transfer(pool, alice, 8, id=spec.id)])
    assert created.status is S.CREATED
    assert again.status is S.EXISTS
    assert again.transfer == created.transfer
    assert changed.status is S.EXISTS_WITH_DIFFERENT_FIELDS
    assert (await balances(session, alice)).credits_posted == 7


async def test_replay_within_one_batch(session: AsyncSession, accounts) -> None:
    pool, alice, _ = accounts
    spec = transfer(pool, alice, 3)
    results = await ledger.create_transfers(session, [spec, spec])
    assert [r.status for r in results] == [S.CREATED, S.EXISTS]
    assert results[0].transfer == results[1].transfer


async def test_failed_id_keeps_its_failure(session: AsyncSession, accounts) -> None:
    pool, alice, _ = accounts
    spend = transfer(alice, pool, 5)
    [first] = await ledger.create_transfers(session, [spend])
    await ledger.create_transfers(session, [transfer(pool, alice, 10)])
    [retry] = await ledger.create_transfers(session, [spend])
    [other] = await ledger.create_transfers(session, [transfer(alice, pool, 4, id=spend.id)])
    assert first.status is S.EXCEEDS_CREDITS
    assert retry.status is S.ID_ALREADY_FAILED
    assert retry.failure is S.EXCEEDS_CREDITS
    assert other.status is S.EXISTS_WITH_DIFFERENT_FIELDS
    assert (await balances(session, alice)).credit_balance == 10


async def test_unrecorded_failure_leaves_the_id_free(session: AsyncSession, accounts) -> None:
    pool, alice, _ = accounts
    spend = transfer(alice, pool, 5)
    [first] = await ledger.create_transfers(session, [spend], record_failures=False)
    await ledger.create_transfers(session, [transfer(pool, alice, 10)])
    [retry] = await ledger.create_transfers(session, [spend], record_failures=False)
    assert first.status is S.EXCEEDS_CREDITS
    assert retry.status is S.CREATED
    assert (await balances(session, alice)).credit_balance == 5


async def test_linked_chain_fails_together(session: AsyncSession, accounts) -> None:
    """A redemption: stock moves with points, or neither moves."""
    pool, alice, _ = accounts
    soap = ledger.stock_unit("soap")
    shelf = await create_account(session, "shelf", soap, no_negative=True)
    basket = await create_account(session, "basket", soap)
    donor = await create_account(session, "donor", soap)
    await ledger.create_transfers(session, [transfer(donor, shelf, 2, soap)])
    await ledger.create_transfers(session, [transfer(pool, alice, 5)])
    redeem = [
        transfer(shelf, basket, 1, soap, linked=True),
        transfer(alice, pool, 6),  # one point short
    ]
    results = await ledger.create_transfers(session, redeem)
    assert [r.status for r in results] == [S.LINKED_EVENT_FAILED, S.EXCEEDS_CREDITS]
    assert (await balances(session, shelf)).credit_balance == 2
    ok = [transfer(shelf, basket, 1, soap, linked=True), transfer(alice, pool, 5)]
    results = await ledger.create_transfers(session, ok)
    assert [r.status for r in results] == [S.CREATED, S.CREATED]
    assert (await balances(session, shelf)).credit_balance == 1
    await assert_verified(session)


async def test_linked_chain_left_open(session: AsyncSession, accounts) -> None:
    pool, alice, _ = accounts
    results = await ledger.create_transfers(
        session,
        [
            transfer(pool, alice, 1),
            transfer(pool, alice, 1, linked=True),
            transfer(pool, alice, 1, linked=True),
        ],
    )
    assert [r.status for r in results] == [
        S.CREATED,
        S.LINKED_EVENT_FAILED,
        S.LINKED_EVENT_CHAIN_OPEN,
    ]
    assert (await balances(session, alice)).credits_posted == 1


async def test_pending_post_partial_and_void(session: AsyncSession, accounts) -> None:
    pool, alice, _ = accounts
    first = transfer(pool, alice, 10, kind=TransferKind.PENDING)
    second = transfer(pool, alice, 4, kind=TransferKind.PENDING)
    await ledger.create_transfers(session, [first, second])
    reserved = await balances(session, alice)
    assert (reserved.credits_pending, reserved.credits_posted) == (14, 0)
    resolve = [post(first.id, 6), void(second.id)]
    results = await ledger.create_transfers(session, resolve)
    assert [r.status for r in results] == [S.CREATED, S.CREATED]
    settled = await balances(session, alice)
    assert (settled.credits_pending, settled.credits_posted) == (0, 6)
    again = await ledger.create_transfers(session, [resolve[0], post(first.id), void(second.id)])
    assert [r.status for r in again] == [
        S.EXISTS,
        S.PENDING_TRANSFER_ALREADY_POSTED,
        S.PENDING_TRANSFER_ALREADY_VOIDED,
    ]
    await assert_verified(session)


async def test_pending_mismatches(session: AsyncSession, accounts) -> None:
    pool, alice, bob = accounts
    pending = transfer(pool, alice, 10, kind=TransferKind.PENDING)
    posted = transfer(pool, alice, 1)
    await ledger.create_transfers(session, [pending, posted])
    cases = {
        S.PENDING_TRANSFER_HAS_DIFFERENT_DEBIT_ACCOUNT_ID: post(pending.id, debit_account_id=bob),
        S.PENDING_TRANSFER_HAS_DIFFERENT_CREDIT_ACCOUNT_ID: post(pending.id, credit_account_id=bob),
        S.PENDING_TRANSFER_HAS_DIFFERENT_UNIT: post(pending.id, unit="VOLUNTEER_MINUTES"),
        S.EXCEEDS_PENDING_TRANSFER_AMOUNT: post(pending.id, 11),
        S.PENDING_TRANSFER_HAS_DIFFERENT_AMOUNT: void(pending.id, 9),
        S.PENDING_TRANSFER_NOT_PENDING: post(posted.id),
    }
    results = await ledger.create_transfers(session, list(cases.values()))
    assert [r.status for r in results] == list(cases)


async def test_pending_within_one_batch(session: AsyncSession, accounts) -> None:
    pool, alice, _ = accounts
    pending = transfer(pool, alice, 10, kind=TransferKind.PENDING)
    results = await ledger.create_transfers(session, [pending, post(pending.id)])
    assert [r.status for r in results] == [S.CREATED, S.CREATED]
    assert (await balances(session, alice)).credits_posted == 10
    await assert_verified(session)


async def test_reserved_points_cannot_be_spent_twice(session: AsyncSession, accounts) -> None:
    pool, alice, _ = accounts
    await ledger.create_transfers(session, [transfer(pool, alice, 10)])
    hold = transfer(alice, pool, 8, kind=TransferKind.PENDING)
    results = await ledger.create_transfers(session, [hold, transfer(alice, pool, 3)])
    assert [r.status for r in results] == [S.CREATED, S.EXCEEDS_CREDITS]
    assert (await balances(session, alice)).available_credit_balance == 2


async def test_timeout_expires_and_releases(session: AsyncSession, accounts) -> None:
    pool, alice, _ = accounts
    await ledger.create_transfers(session, [transfer(pool, alice, 10)])
    hold = transfer(alice, pool, 8, kind=TransferKind.PENDING, timeout_seconds=60)
    [held] = await ledger.create_transfers(session, [hold])
    assert held.transfer is not None
    later = held.transfer.recorded_at + timedelta(seconds=61)
    assert await ledger.expire_pending(session, held.transfer.recorded_at) == []
    [late_post] = await ledger.create_transfers(session, [post(hold.id)], now=later)
    assert late_post.status is S.PENDING_TRANSFER_EXPIRED
    [expired] = await ledger.expire_pending(session, later)
    assert expired.status is S.CREATED
    assert expired.id == ledger.expiry_id(hold.id)
    assert (await balances(session, alice)).available_credit_balance == 10
    [again] = await ledger.create_transfers(session, [post(hold.id, id=uuid.uuid4())])
    assert again.status is S.PENDING_TRANSFER_EXPIRED
    assert await ledger.expire_pending(session, later) == []
    await assert_verified(session)


async def test_reversal(session: AsyncSession, accounts) -> None:
    pool, alice, _ = accounts
    award = transfer(pool, alice, 10)
    await ledger.create_transfers(session, [award])
    results = await ledger.create_transfers(
        session,
        [
            transfer(pool, alice, 1, reverses_id=award.id),
            transfer(alice, pool, 6, reverses_id=award.id),
            transfer(alice, pool, 5, reverses_id=award.id),
        ],
    )
    assert [r.status for r in results] == [
        S.REVERSAL_MUST_SWAP_ACCOUNTS,
        S.CREATED,
        S.EXCEEDS_REVERSIBLE_AMOUNT,
    ]
    assert (await balances(session, alice)).credit_balance == 4
    await assert_verified(session)


def test_new_transfer_ids_are_time_ordered_uuid7() -> None:
    ids = [ledger.new_transfer_id() for _ in range(100)]
    assert all(i.version == 7 for i in ids)
    assert len(set(ids)) == 100
    milliseconds = [i.int >> 80 for i in ids]
    assert milliseconds == sorted(milliseconds)
