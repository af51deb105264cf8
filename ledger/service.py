"""Creating accounts and transfers inside the caller's database transaction (flush, no commit).

A batch of new POSTED transfers that the ledger accepts costs one statement whatever its size
(``ledger.posting``: lock, check and write in ``ledger_post_batch``, migration 0025). Any other
batch, or one the fast path turns down, costs a fixed number of round trips: lock the accounts and
read the ids already known (one call), read pendings and reversed transfers if any are referenced,
apply the rules in Python, then one call that writes everything (both calls are plpgsql functions of
migration 0002, so their plans are cached). No lock is shared by unrelated batches: the hash chain
is extended after commit by ``ledger.sealing.seal``, so writers never queue on a global row."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence
from datetime import datetime

import asyncpg
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kit.driver import driver_connection
from ledger import posting, repository
from ledger.retry import backoff_seconds, is_retryable, run_in_transaction
from ledger.rules import RESOLVING_KINDS, Draft, Known, Outcome, Snapshot, process_batch
from ledger.types import (
    AMOUNT_MAX,
    BATCH_SIZE_MAX,
    Account,
    AccountResult,
    AccountSpec,
    AccountStatus,
    Transfer,
    TransferKind,
    TransferResult,
    TransferSpec,
    is_unit,
)

EXPIRY_NAMESPACE = uuid.UUID("6f1d8a52-3c1e-4a55-9a43-5b0f3f0e7d21")
EXPIRE_BATCH_SIZE_MAX = 1_000


# --- Accounts -------------------------------------------------------------------------------


async def create_accounts(
    session: AsyncSession, specs: Sequence[AccountSpec]
) -> list[AccountResult]:
    """Open accounts, idempotently by ``code``: an existing code reports EXISTS (same fields)
    or EXISTS_WITH_DIFFERENT_FIELDS, and is left unchanged."""
    assert len(specs) <= BATCH_SIZE_MAX
    for spec in specs:
        if not is_unit(spec.unit):
            raise ValueError(f"invalid unit {spec.unit!r} for account {spec.code!r}")
        if spec.debits_must_not_exceed_credits and spec.credits_must_not_exceed_debits:
            raise ValueError(f"account {spec.code!r}: the two limit flags exclude each other")
    inserted = await repository.insert_accounts(session, specs)
    by_code = {
        a.code: a for a in await repository.accounts_by_codes(session, [s.code for s in specs])
    }
    return [_account_result(spec, by_code[spec.code], inserted) for spec in specs]


def _account_result(spec: AccountSpec, account: Account, inserted: set[str]) -> AccountResult:
    if spec.code in inserted:
        return AccountResult(AccountStatus.CREATED, account)
    same = (
        account.unit,
        account.debits_must_not_exceed_credits,
        account.credits_must_not_exceed_debits,
    ) == (spec.unit, spec.debits_must_not_exceed_credits, spec.credits_must_not_exceed_debits)
    status = AccountStatus.EXISTS if same else AccountStatus.EXISTS_WITH_DIFFERENT_FIELDS
    return AccountResult(status, account)


async def lookup_accounts(session: AsyncSession, ids: Sequence[int]) -> list[Account]:
    """Accounts by id, in the order asked; unknown ids are left out. O(1) balances each."""
    by_id = {a.id: a for a in await repository.accounts_by_ids(session, _valid_ids(ids))}
    return [by_id[account_id] for account_id in ids if account_id in by_id]


async def close_account(session: AsyncSession, account_id: int) -> bool:
    """Refuse new transfers on the account (pendings can still be voided or expire)."""
    return await repository.close_account(session, account_id)


def _valid_ids(ids: Sequence[int | None]) -> list[int]:
    return [i for i in ids if i is not None and 0 < i <= AMOUNT_MAX]


# --- Transfers ------------------------------------------------------------------------------


async def create_transfers(
    session: AsyncSession,
    specs: Sequence[TransferSpec],
    *,
    now: datetime | None = None,
    record_failures: bool = True,
) -> list[TransferResult]:
    """Create a batch of transfers; one result per spec, in order.

    ``now`` judges pending timeouts (default: the database clock); recording times always come
    from the database clock. Raises only on programmer errors and database errors (among them
    serialization failures and deadlocks, which ``run_in_transaction`` retries).

    ``record_failures=False`` answers failures without storing them, so nothing at all is
    written when a batch fails and the same ids may be tried again later: for callers that
    refuse the whole operation on any failure (a sale at the till) and would otherwise roll
    back to a savepoint.
    """
    assert len(specs) <= BATCH_SIZE_MAX, "batch too large"
    if not specs:
        return []
    if posting.eligible(specs):
        posted = await posting.post(await driver_connection(session), specs)
        if posted is not None:
            return posted
    connection, snapshot = await _load_snapshot(session, specs, now)
    outcome = process_batch(specs, snapshot)
    if not record_failures:
        outcome.new_failures.clear()
    created = await _write(connection, outcome, snapshot)
    return _results(specs, outcome, created)


async def post_transfers(
    session_factory: async_sessionmaker[AsyncSession],
    specs: Sequence[TransferSpec],
    *,
    attempts: int = 5,
) -> list[TransferResult]:
    """``create_transfers`` as a unit of work of its own, retried as ``run_in_transaction``
    retries. A batch the fast path takes is one statement sent outside any transaction block,
    so it is its own transaction: one round trip, no BEGIN or COMMIT. Any other batch (or one
    the fast path turns down) runs in ``run_in_transaction``."""
    if posting.eligible(specs):
        posted = await _post_alone(session_factory, specs, attempts)
        if posted is not None:
            return posted
    return await run_in_transaction(
        session_factory, lambda session: create_transfers(session, specs), attempts=attempts
    )


async def _post_alone(
    session_factory: async_sessionmaker[AsyncSession], specs: Sequence[TransferSpec], attempts: int
) -> list[TransferResult] | None:
    for attempt in range(attempts):
        try:
            async with session_factory() as session:
                return await posting.post(await driver_connection(session, begin=False), specs)
        except (DBAPIError, asyncpg.PostgresError) as error:
            if attempt == attempts - 1 or not is_retryable(error):
                raise
        await asyncio.sleep(backoff_seconds(attempt))
    raise AssertionError("unreachable: the last attempt returns or raises")


async def _load_snapshot(
    session: AsyncSession, specs: Sequence[TransferSpec], now: datetime | None
) -> tuple[asyncpg.Connection, Snapshot]:
    connection = await driver_connection(session)
    pending_ids = {s.pending_id for s in specs if s.kind in RESOLVING_KINDS and s.pending_id}
    reversed_ids = {s.reverses_id for s in specs if s.reverses_id is not None}
    referenced = []
    if pending_ids or reversed_ids:
        referenced = await repository.transfers_by_ids(connection, pending_ids | reversed_ids)
    account_ids: set[int | None] = {s.debit_account_id for s in specs}
    account_ids |= {s.credit_account_id for s in specs}
    for transfer in referenced:
        if transfer.id in pending_ids:
            account_ids |= {transfer.debit_account_id, transfer.credit_account_id}
    # The ids are read after the lock: a concurrent batch with the same ids shares these
    # accounts and has committed by now, so a replay racing its original reports EXISTS. (If
    # they share no account, the primary key stops the second; run_in_transaction's retry
    # then reports EXISTS or EXISTS_WITH_DIFFERENT_FIELDS.)
    accounts, transfers, failures = await repository.lock_and_read(
        connection, _valid_ids(list(account_ids)), {s.id for s in specs}
    )
    known: dict[uuid.UUID, Known] = {t.id: t for t in referenced}
    known.update({t.id: t for t in transfers})
    snapshot = Snapshot(accounts, known, {spec.id: (spec, st) for spec, st in failures}, {}, {}, {})
    if pending_ids:
        open_pendings, resolutions, database_now = await repository.pendings(
            connection, pending_ids
        )
        snapshot.open_pendings = {p.transfer_id: p for p in open_pendings}
        snapshot.resolutions = resolutions
        snapshot.now = now if now is not None else database_now
    if reversed_ids:
        snapshot.reversed_amounts = await repository.reversed_amounts(connection, reversed_ids)
    return connection, snapshot


async def _write(
    connection: asyncpg.Connection, outcome: Outcome, snapshot: Snapshot
) -> list[Transfer]:
    if outcome.new_failures:
        await repository.insert_failures(connection, outcome.new_failures)
    if not outcome.drafts:
        return []
    drafts = outcome.drafts
    draft_ids = {d.id for d in drafts}
    resolved = set(outcome.resolved_pendings)
    opened = [d.id for d in drafts if d.kind is TransferKind.PENDING and d.id not in resolved]
    accounts = [snapshot.accounts[i] for i in sorted(outcome.touched_accounts)]
    placed = await repository.write_batch(
        connection, drafts, accounts, opened, sorted(resolved - draft_ids)
    )
    return [_transfer(draft, placed[draft.id]) for draft in drafts]


def _transfer(draft: Draft, placed: repository.Placed) -> Transfer:
    return Transfer(
        id=draft.id,
        position=placed.position,
        debit_account_id=draft.debit_account_id,
        credit_account_id=draft.credit_account_id,
        amount=draft.amount,
        unit=draft.unit,
        kind=draft.kind,
        pending_id=draft.pending_id,
        timeout_seconds=draft.timeout_seconds,
        reverses_id=draft.reverses_id,
        event_at=draft.event_at,
        recorded_at=placed.recorded_at,
        code=draft.code,
        reference=draft.reference,
        linked=draft.linked,
        debit_balances_after=draft.debit_balances_after,
        credit_balances_after=draft.credit_balances_after,
        digest=placed.digest,
    )


def _results(
    specs: Sequence[TransferSpec], outcome: Outcome, created: Sequence[Transfer]
) -> list[TransferResult]:
    final = {t.id: t for t in created}
    results = []
    for spec, status, known, failure in zip(
        specs, outcome.statuses, outcome.known, outcome.failures, strict=True
    ):
        transfer = None
        if known is not None:
            transfer = final[known.id] if isinstance(known, Draft) else known
        results.append(TransferResult(spec.id, status, transfer, failure))
    return results


# --- Timeouts -------------------------------------------------------------------------------


def expiry_id(pending_id: uuid.UUID) -> uuid.UUID:
    """The id of the transfer that expires a pending one: the same for every process."""
    return uuid.uuid5(EXPIRY_NAMESPACE, pending_id.hex)


async def expire_pending(
    session: AsyncSession, now: datetime | None = None, limit: int = EXPIRE_BATCH_SIZE_MAX
) -> list[TransferResult]:
    """Release the reservations of pending transfers whose timeout has passed by ``now``.

    Each release is an EXPIRE_PENDING transfer with a deterministic id, so two processes
    expiring at once do not release twice (the second reports EXISTS or ALREADY_*).
    """
    assert 0 < limit <= EXPIRE_BATCH_SIZE_MAX
    instant = now if now is not None else await repository.database_now(session)
    pending_ids = await repository.expired_pending_ids(session, instant, limit)
    specs = [
        TransferSpec(
            id=expiry_id(pending_id),
            debit_account_id=None,
            credit_account_id=None,
            amount=None,
            unit=None,
            kind=TransferKind.EXPIRE_PENDING,
            pending_id=pending_id,
        )
        for pending_id in pending_ids
    ]
    return await create_transfers(session, specs, now=instant)
