"""Creating accounts and transfers inside the caller's database transaction (flush, no commit).

A batch costs a fixed number of statements whatever its size: lock the accounts, read the ids
already known, (read pendings and reversed transfers if any are referenced), reserve sequences
on the chain head, write everything in one statement. The chain head is a single row every
writer queues on, so it is locked last and held for one statement plus the caller's commit:
call ``create_transfers`` as the last step of a database transaction, and once per transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from ledger import repository
from ledger.chain import chain_hash
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
    TransferStatus,
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
    session: AsyncSession, specs: Sequence[TransferSpec], *, now: datetime | None = None
) -> list[TransferResult]:
    """Create a batch of transfers; one result per spec, in order.

    ``now`` judges pending timeouts (default: the database clock); recording times always come
    from the database clock. Raises only on programmer errors and database errors (among them
    serialization failures and deadlocks, which ``run_in_transaction`` retries).
    """
    assert len(specs) <= BATCH_SIZE_MAX, "batch too large"
    if not specs:
        return []
    snapshot = await _load_snapshot(session, specs, now)
    outcome = process_batch(specs, snapshot)
    created = await _write(session, outcome, snapshot)
    return _results(specs, outcome, created)


async def _load_snapshot(
    session: AsyncSession, specs: Sequence[TransferSpec], now: datetime | None
) -> Snapshot:
    pending_ids = {s.pending_id for s in specs if s.kind in RESOLVING_KINDS and s.pending_id}
    reversed_ids = {s.reverses_id for s in specs if s.reverses_id is not None}
    referenced = await repository.transfers_by_ids(session, pending_ids | reversed_ids)
    account_ids = {s.debit_account_id for s in specs} | {s.credit_account_id for s in specs}
    for transfer in referenced:
        if transfer.id in pending_ids:
            account_ids |= {transfer.debit_account_id, transfer.credit_account_id}
    accounts = await repository.lock_accounts(session, _valid_ids(list(account_ids)))
    # Read after the lock: a concurrent batch with the same ids shares these accounts and has
    # committed by now, so a replay racing its original still reports EXISTS.
    ids = {s.id for s in specs} - {t.id for t in referenced}
    known: dict[uuid.UUID, Known] = {t.id: t for t in referenced}
    known.update({t.id: t for t in await repository.transfers_by_ids(session, ids)})
    failures = {spec.id: (spec, status) for spec, status in await _failures(session, ids)}
    snapshot = Snapshot(accounts, known, failures, {}, {}, {})
    if pending_ids:
        await _load_pendings(session, snapshot, pending_ids, now)
    if reversed_ids:
        snapshot.reversed_amounts = await repository.reversed_amounts(session, reversed_ids)
    return snapshot


async def _failures(
    session: AsyncSession, ids: set[uuid.UUID]
) -> list[tuple[TransferSpec, TransferStatus]]:
    return await repository.failures_by_ids(session, ids) if ids else []


async def _load_pendings(
    session: AsyncSession, snapshot: Snapshot, pending_ids: set[uuid.UUID], now: datetime | None
) -> None:
    pendings, database_now = await repository.open_pendings(session, pending_ids)
    snapshot.open_pendings = {p.transfer_id: p for p in pendings}
    closed = pending_ids - snapshot.open_pendings.keys()
    snapshot.resolutions = await repository.resolutions(session, closed) if closed else {}
    snapshot.now = now if now is not None else database_now


async def _write(session: AsyncSession, outcome: Outcome, snapshot: Snapshot) -> list[Transfer]:
    if outcome.new_failures:
        await repository.insert_failures(session, outcome.new_failures)
    if not outcome.drafts:
        return []
    first, previous_hash, recorded_at = await repository.advance_chain(session, len(outcome.drafts))
    created = chained(outcome.drafts, first, previous_hash, recorded_at)
    created_ids = {t.id for t in created}
    resolved = set(outcome.resolved_pendings)
    opened = [t.id for t in created if t.kind is TransferKind.PENDING and t.id not in resolved]
    accounts = [snapshot.accounts[i] for i in sorted(outcome.touched_accounts)]
    await repository.write_batch(session, created, accounts, opened, sorted(resolved - created_ids))
    return created


def chained(
    drafts: Sequence[Draft], first: int, previous_hash: bytes, recorded_at: datetime
) -> list[Transfer]:
    """Give each draft its sequence, recording time and hash, in order."""
    created: list[Transfer] = []
    for offset, draft in enumerate(drafts):
        transfer = Transfer(
            id=draft.id,
            sequence=first + offset,
            debit_account_id=draft.debit_account_id,
            credit_account_id=draft.credit_account_id,
            amount=draft.amount,
            unit=draft.unit,
            kind=draft.kind,
            pending_id=draft.pending_id,
            timeout_seconds=draft.timeout_seconds,
            reverses_id=draft.reverses_id,
            event_at=draft.event_at,
            recorded_at=recorded_at,
            code=draft.code,
            reference=draft.reference,
            linked=draft.linked,
            debit_balances_after=draft.debit_balances_after,
            credit_balances_after=draft.credit_balances_after,
            hash=b"",
        )
        transfer = replace(transfer, hash=chain_hash(transfer, previous_hash))
        previous_hash = transfer.hash
        created.append(transfer)
    return created


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
