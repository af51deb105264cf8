"""All SQL of the ledger. Functions flush nothing by themselves and never commit.

The hot path (``lock_accounts`` … ``write_batch``) uses plain SQL with arrays (``unnest``) so a
batch of any size costs the same few round trips.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from ledger.models import CHAIN_ROW_ID, LedgerAccount, LedgerChain, LedgerTransfer, TransferFailure
from ledger.rules import AccountState, OpenPending
from ledger.types import (
    Account,
    AccountSpec,
    Balances,
    Transfer,
    TransferKind,
    TransferSpec,
    TransferStatus,
)

ACCOUNT_COLUMNS = (
    "id, code, unit, debits_must_not_exceed_credits, credits_must_not_exceed_debits, closed, "
    "debits_pending, debits_posted, credits_pending, credits_posted, created_at"
)


# --- Accounts -------------------------------------------------------------------------------


async def insert_accounts(session: AsyncSession, specs: Sequence[AccountSpec]) -> set[str]:
    """Insert accounts missing by code; return the codes inserted."""
    rows = [
        {
            "code": spec.code,
            "unit": spec.unit,
            "debits_must_not_exceed_credits": spec.debits_must_not_exceed_credits,
            "credits_must_not_exceed_debits": spec.credits_must_not_exceed_debits,
        }
        for spec in specs
    ]
    statement = insert(LedgerAccount).on_conflict_do_nothing(index_elements=["code"])
    result = await session.execute(statement.returning(LedgerAccount.code), rows)
    return set(result.scalars())


def account_of(row: Row[Any]) -> Account:
    return Account(
        id=row.id,
        code=row.code,
        unit=row.unit,
        debits_must_not_exceed_credits=row.debits_must_not_exceed_credits,
        credits_must_not_exceed_debits=row.credits_must_not_exceed_debits,
        closed=row.closed,
        balances=Balances(
            row.debits_pending, row.debits_posted, row.credits_pending, row.credits_posted
        ),
        created_at=row.created_at,
    )


async def accounts_by_codes(session: AsyncSession, codes: Sequence[str]) -> list[Account]:
    statement = text(f"SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE code = ANY(:codes)")
    result = await session.execute(statement, {"codes": list(codes)})
    return [account_of(row) for row in result]


async def accounts_by_ids(session: AsyncSession, ids: Sequence[int]) -> list[Account]:
    statement = text(f"SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = ANY(:ids)")
    result = await session.execute(statement, {"ids": list(ids)})
    return [account_of(row) for row in result]


async def lock_accounts(session: AsyncSession, ids: Iterable[int]) -> dict[int, AccountState]:
    """Lock the batch's accounts for the rest of the database transaction.

    Rows are locked in ascending id order so that two batches sharing accounts always queue in
    the same order and cannot deadlock on each other; balances are read only after the lock.
    """
    statement = text(
        f"SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = ANY(:ids) ORDER BY id FOR UPDATE"
    )
    result = await session.execute(statement, {"ids": sorted(ids)})
    accounts = (account_of(row) for row in result)
    return {
        account.id: AccountState(
            account.id,
            account.unit,
            account.debits_must_not_exceed_credits,
            account.credits_must_not_exceed_debits,
            account.closed,
            account.balances,
        )
        for account in accounts
    }


async def close_account(session: AsyncSession, account_id: int) -> bool:
    result = await session.execute(
        text("UPDATE accounts SET closed = true WHERE id = :id RETURNING id"), {"id": account_id}
    )
    return result.scalar_one_or_none() is not None


# --- Transfers, failures, pendings ----------------------------------------------------------


def transfer_of(row: Row[Any]) -> Transfer:
    return Transfer(
        id=row.id,
        sequence=row.sequence,
        debit_account_id=row.debit_account_id,
        credit_account_id=row.credit_account_id,
        amount=row.amount,
        unit=row.unit,
        kind=TransferKind(row.kind),
        pending_id=row.pending_id,
        timeout_seconds=row.timeout_seconds,
        reverses_id=row.reverses_id,
        event_at=row.event_at,
        recorded_at=row.recorded_at,
        code=row.code,
        reference=row.reference,
        linked=row.linked,
        debit_balances_after=Balances(
            row.debit_debits_pending_after,
            row.debit_debits_posted_after,
            row.debit_credits_pending_after,
            row.debit_credits_posted_after,
        ),
        credit_balances_after=Balances(
            row.credit_debits_pending_after,
            row.credit_debits_posted_after,
            row.credit_credits_pending_after,
            row.credit_credits_posted_after,
        ),
        hash=bytes(row.hash),
    )


TRANSFER_COLUMNS = ", ".join(column.name for column in LedgerTransfer.__table__.columns)


async def transfers_by_ids(session: AsyncSession, ids: Iterable[uuid.UUID]) -> list[Transfer]:
    statement = text(f"SELECT {TRANSFER_COLUMNS} FROM transfers WHERE id = ANY(:ids)")
    result = await session.execute(statement, {"ids": list(ids)})
    return [transfer_of(row) for row in result]


async def failures_by_ids(
    session: AsyncSession, ids: Iterable[uuid.UUID]
) -> list[tuple[TransferSpec, TransferStatus]]:
    result = await session.execute(select(TransferFailure).where(TransferFailure.id.in_(list(ids))))
    return [(_spec_of_failure(failure), failure.status) for failure in result.scalars()]


def _spec_of_failure(failure: TransferFailure) -> TransferSpec:
    return TransferSpec(
        id=failure.id,
        debit_account_id=failure.debit_account_id,
        credit_account_id=failure.credit_account_id,
        amount=failure.amount,
        unit=failure.unit,
        kind=TransferKind(failure.kind),
        pending_id=failure.pending_id,
        timeout_seconds=failure.timeout_seconds,
        reverses_id=failure.reverses_id,
        event_at=failure.event_at,
        code=failure.code,
        reference=failure.reference,
        linked=failure.linked,
    )


async def insert_failures(
    session: AsyncSession, failures: Sequence[tuple[TransferSpec, TransferStatus]]
) -> None:
    rows = [
        {
            "id": spec.id,
            "status": status,
            "debit_account_id": spec.debit_account_id,
            "credit_account_id": spec.credit_account_id,
            "amount": spec.amount,
            "unit": spec.unit,
            "kind": spec.kind,
            "pending_id": spec.pending_id,
            "timeout_seconds": spec.timeout_seconds,
            "reverses_id": spec.reverses_id,
            "event_at": spec.event_at,
            "code": spec.code,
            "reference": spec.reference,
            "linked": spec.linked,
        }
        for spec, status in failures
    ]
    await session.execute(insert(TransferFailure), rows)


async def open_pendings(
    session: AsyncSession, ids: Iterable[uuid.UUID]
) -> tuple[list[OpenPending], datetime]:
    """The open pending transfers among ``ids``, and the database clock to judge timeouts by."""
    statement = text(
        "SELECT p.transfer_id, p.debit_account_id, p.credit_account_id, p.amount, t.unit, "
        "p.expires_at, clock_timestamp() AS now "
        "FROM (SELECT clock_timestamp()) AS clock "
        "LEFT JOIN pending_transfers AS p ON p.transfer_id = ANY(:ids) "
        "LEFT JOIN transfers AS t ON t.id = p.transfer_id"
    )
    rows = (await session.execute(statement, {"ids": list(ids)})).all()
    pendings = [
        OpenPending(
            row.transfer_id,
            row.debit_account_id,
            row.credit_account_id,
            row.amount,
            row.unit,
            row.expires_at,
        )
        for row in rows
        if row.transfer_id is not None
    ]
    return pendings, rows[0].now


async def resolutions(
    session: AsyncSession, pending_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, TransferKind]:
    statement = text("SELECT pending_id, kind FROM transfers WHERE pending_id = ANY(:ids)")
    result = await session.execute(statement, {"ids": list(pending_ids)})
    return {row.pending_id: TransferKind(row.kind) for row in result}


async def reversed_amounts(
    session: AsyncSession, reversed_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, int]:
    statement = text(
        "SELECT reverses_id, sum(amount)::bigint AS amount FROM transfers "
        "WHERE reverses_id = ANY(:ids) GROUP BY reverses_id"
    )
    result = await session.execute(statement, {"ids": list(reversed_ids)})
    return {row.reverses_id: row.amount for row in result}


async def expired_pending_ids(session: AsyncSession, now: datetime, limit: int) -> list[uuid.UUID]:
    statement = text(
        "SELECT transfer_id FROM pending_transfers WHERE expires_at <= :now "
        "ORDER BY expires_at LIMIT :limit"
    )
    result = await session.execute(statement, {"now": now, "limit": limit})
    return list(result.scalars())


async def database_now(session: AsyncSession) -> datetime:
    now: datetime = (await session.execute(select(func.clock_timestamp()))).scalar_one()
    return now


# --- The chain and the write of a batch -----------------------------------------------------


async def advance_chain(session: AsyncSession, count: int) -> tuple[int, bytes, datetime]:
    """Reserve ``count`` sequences; return (first sequence, previous hash, recording time).

    This locks the single chain row until the database transaction ends: every writer queues
    here, so it is taken last, after the accounts, and held for one more statement only.
    The recording time never decreases along the chain, so sequence order is time order.
    """
    assert count > 0
    statement = text(
        "UPDATE ledger_chain SET sequence = sequence + :count, "
        "recorded_at = greatest(recorded_at, clock_timestamp()) "
        "WHERE id = :id RETURNING sequence, hash, recorded_at"
    )
    row = (await session.execute(statement, {"count": count, "id": CHAIN_ROW_ID})).one()
    return row.sequence - count + 1, bytes(row.hash), row.recorded_at


_TRANSFER_ARRAYS = (
    ("id", "uuid"),
    ("sequence", "bigint"),
    ("debit_account_id", "bigint"),
    ("credit_account_id", "bigint"),
    ("amount", "bigint"),
    ("unit", "varchar"),
    ("kind", "varchar"),
    ("pending_id", "uuid"),
    ("timeout_seconds", "integer"),
    ("reverses_id", "uuid"),
    ("event_at", "timestamptz"),
    ("code", "integer"),
    ("reference", "varchar"),
    ("linked", "boolean"),
    ("debit_debits_pending_after", "bigint"),
    ("debit_debits_posted_after", "bigint"),
    ("debit_credits_pending_after", "bigint"),
    ("debit_credits_posted_after", "bigint"),
    ("credit_debits_pending_after", "bigint"),
    ("credit_debits_posted_after", "bigint"),
    ("credit_credits_pending_after", "bigint"),
    ("credit_credits_posted_after", "bigint"),
    ("hash", "bytea"),
)
_ACCOUNT_ARRAYS = (
    ("account_id", "bigint"),
    ("debits_pending", "bigint"),
    ("debits_posted", "bigint"),
    ("credits_pending", "bigint"),
    ("credits_posted", "bigint"),
)


def _unnest(arrays: Sequence[tuple[str, str]], alias: str) -> str:
    casts = ", ".join(f"CAST(:{name} AS {type_}[])" for name, type_ in arrays)
    names = ", ".join(name for name, _ in arrays)
    return f"unnest({casts}) AS {alias}({names})"


_TRANSFER_NAMES = ", ".join(name for name, _ in _TRANSFER_ARRAYS)

# One statement writes the whole batch: balances, transfers, new pendings, resolved pendings
# and the chain head. Pendings created and resolved in the same batch are never inserted (a
# sibling CTE cannot see another's rows), hence ``opened``.
WRITE_BATCH = text(
    f"""
WITH accounts_written AS (
    UPDATE accounts AS a
    SET debits_pending = v.debits_pending, debits_posted = v.debits_posted,
        credits_pending = v.credits_pending, credits_posted = v.credits_posted
    FROM {_unnest(_ACCOUNT_ARRAYS, "v")}
    WHERE a.id = v.account_id
), transfers_written AS (
    INSERT INTO transfers ({_TRANSFER_NAMES}, recorded_at)
    SELECT {_TRANSFER_NAMES}, CAST(:recorded_at AS timestamptz)
    FROM {_unnest(_TRANSFER_ARRAYS, "t")}
    RETURNING id, debit_account_id, credit_account_id, amount, timeout_seconds, recorded_at
), pendings_opened AS (
    INSERT INTO pending_transfers (
        transfer_id, debit_account_id, credit_account_id, amount, expires_at
    )
    SELECT id, debit_account_id, credit_account_id, amount,
           recorded_at + make_interval(secs => timeout_seconds)
    FROM transfers_written WHERE id = ANY(CAST(:opened AS uuid[]))
), pendings_resolved AS (
    DELETE FROM pending_transfers WHERE transfer_id = ANY(CAST(:resolved AS uuid[]))
)
UPDATE ledger_chain SET hash = :head_hash WHERE id = :chain_id
"""
)


def transfer_arrays(transfers: Sequence[Transfer]) -> dict[str, list[Any]]:
    return {
        "id": [t.id for t in transfers],
        "sequence": [t.sequence for t in transfers],
        "debit_account_id": [t.debit_account_id for t in transfers],
        "credit_account_id": [t.credit_account_id for t in transfers],
        "amount": [t.amount for t in transfers],
        "unit": [t.unit for t in transfers],
        "kind": [t.kind.value for t in transfers],
        "pending_id": [t.pending_id for t in transfers],
        "timeout_seconds": [t.timeout_seconds for t in transfers],
        "reverses_id": [t.reverses_id for t in transfers],
        "event_at": [t.event_at for t in transfers],
        "code": [t.code for t in transfers],
        "reference": [t.reference for t in transfers],
        "linked": [t.linked for t in transfers],
        **_balance_arrays("debit", [t.debit_balances_after for t in transfers]),
        **_balance_arrays("credit", [t.credit_balances_after for t in transfers]),
        "hash": [t.hash for t in transfers],
    }


def _balance_arrays(side: str, balances: Sequence[Balances]) -> dict[str, list[int]]:
    return {
        f"{side}_debits_pending_after": [b.debits_pending for b in balances],
        f"{side}_debits_posted_after": [b.debits_posted for b in balances],
        f"{side}_credits_pending_after": [b.credits_pending for b in balances],
        f"{side}_credits_posted_after": [b.credits_posted for b in balances],
    }


def account_arrays(accounts: Sequence[AccountState]) -> dict[str, list[int]]:
    return {
        "account_id": [a.id for a in accounts],
        "debits_pending": [a.balances.debits_pending for a in accounts],
        "debits_posted": [a.balances.debits_posted for a in accounts],
        "credits_pending": [a.balances.credits_pending for a in accounts],
        "credits_posted": [a.balances.credits_posted for a in accounts],
    }


async def write_batch(
    session: AsyncSession,
    transfers: Sequence[Transfer],
    accounts: Sequence[AccountState],
    opened: Sequence[uuid.UUID],
    resolved: Sequence[uuid.UUID],
) -> None:
    """Write a batch's transfers (already chained) and its accounts' final balances."""
    assert transfers, "a batch that creates nothing writes nothing"
    parameters: dict[str, Any] = {
        **transfer_arrays(transfers),
        **account_arrays(accounts),
        "recorded_at": transfers[0].recorded_at,
        "opened": list(opened),
        "resolved": list(resolved),
        "head_hash": transfers[-1].hash,
        "chain_id": CHAIN_ROW_ID,
    }
    await session.execute(WRITE_BATCH, parameters)


async def chain_head(session: AsyncSession) -> LedgerChain:
    return (await session.execute(select(LedgerChain))).scalar_one()
