"""All SQL of the ledger. Functions never commit: the caller's transaction does.

The hot path (``lock_accounts`` … ``write_batch``) speaks asyncpg on the session's own
connection (``kit.driver``), with arrays (``unnest``) so that a batch of any size costs
the same few round trips. Reads off the hot path go through SQLAlchemy.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

import asyncpg
from sqlalchemy import func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from ledger.chain import payload
from ledger.models import LedgerAccount, LedgerChain, LedgerTransfer
from ledger.rules import AccountState, Draft, OpenPending
from ledger.types import (
    Account,
    AccountSpec,
    Balances,
    Transfer,
    TransferKind,
    TransferSpec,
    TransferStatus,
)


class RowLike(Protocol):
    """A row by column name: an asyncpg ``Record`` or a SQLAlchemy ``Row._mapping``."""

    def __getitem__(self, key: str, /) -> Any: ...


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


def account_of(row: RowLike) -> Account:
    """An account from a row mapping (an asyncpg record, or a SQLAlchemy row's ``_mapping``)."""
    return Account(
        id=row["id"],
        code=row["code"],
        unit=row["unit"],
        debits_must_not_exceed_credits=row["debits_must_not_exceed_credits"],
        credits_must_not_exceed_debits=row["credits_must_not_exceed_debits"],
        closed=row["closed"],
        balances=Balances(
            row["debits_pending"],
            row["debits_posted"],
            row["credits_pending"],
            row["credits_posted"],
        ),
        created_at=row["created_at"],
    )


async def accounts_by_codes(session: AsyncSession, codes: Sequence[str]) -> list[Account]:
    statement = text(f"SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE code = ANY(:codes)")
    result = await session.execute(statement, {"codes": list(codes)})
    return [account_of(row._mapping) for row in result]


async def accounts_by_ids(session: AsyncSession, ids: Sequence[int]) -> list[Account]:
    statement = text(f"SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = ANY(:ids)")
    result = await session.execute(statement, {"ids": list(ids)})
    return [account_of(row._mapping) for row in result]


class _Prefixed:
    """A record's columns under a prefix, read by their plain names."""

    __slots__ = ("prefix", "record")

    def __init__(self, record: asyncpg.Record, prefix: str) -> None:
        self.record = record
        self.prefix = prefix

    def __getitem__(self, key: str, /) -> Any:
        return self.record[self.prefix + key]


def _account_state(account: Account) -> AccountState:
    return AccountState(
        account.id,
        account.unit,
        account.debits_must_not_exceed_credits,
        account.credits_must_not_exceed_debits,
        account.closed,
        account.balances,
    )


async def lock_and_read(
    connection: asyncpg.Connection, account_ids: Iterable[int], ids: Iterable[uuid.UUID]
) -> tuple[dict[int, AccountState], list[Transfer], list[tuple[TransferSpec, TransferStatus]]]:
    """Lock the batch's accounts, then read the transfers and failures stored under its ids.

    Rows are locked in ascending id order so that two batches sharing accounts always queue in
    the same order and cannot deadlock on each other; balances are read only after the lock,
    and so are the ids (``ledger_lock_and_read``, migration 0002: one round trip).
    """
    records = await connection.fetch(_LOCK_AND_READ, sorted(account_ids), list(ids))
    accounts, transfers, failures = {}, [], []
    for record in records:
        if record["a_id"] is not None:
            accounts[record["a_id"]] = _account_state(account_of(_Prefixed(record, "a_")))
        elif record["t_status"] is None:
            transfers.append(transfer_of(_Prefixed(record, "t_")))
        else:
            row = _Prefixed(record, "t_")
            failures.append((_spec_of_failure(row), TransferStatus(record["t_status"])))
    return accounts, transfers, failures


_LOCK_AND_READ = "SELECT * FROM ledger_lock_and_read($1::bigint[], $2::uuid[])"


async def close_account(session: AsyncSession, account_id: int) -> bool:
    result = await session.execute(
        text("UPDATE accounts SET closed = true WHERE id = :id RETURNING id"), {"id": account_id}
    )
    return result.scalar_one_or_none() is not None


# --- Transfers, failures, pendings ----------------------------------------------------------


def transfer_of(row: RowLike) -> Transfer:
    """A stored transfer from a row mapping (asyncpg record or SQLAlchemy ``_mapping``)."""
    return Transfer(
        id=row["id"],
        position=row["position"],
        debit_account_id=row["debit_account_id"],
        credit_account_id=row["credit_account_id"],
        amount=row["amount"],
        unit=row["unit"],
        kind=TransferKind(row["kind"]),
        pending_id=row["pending_id"],
        timeout_seconds=row["timeout_seconds"],
        reverses_id=row["reverses_id"],
        event_at=row["event_at"],
        recorded_at=row["recorded_at"],
        code=row["code"],
        reference=row["reference"],
        linked=row["linked"],
        debit_balances_after=_balances_after(row, "debit"),
        credit_balances_after=_balances_after(row, "credit"),
        digest=bytes(row["digest"]),
    )


def _balances_after(row: RowLike, side: str) -> Balances:
    return Balances(
        row[f"{side}_debits_pending_after"],
        row[f"{side}_debits_posted_after"],
        row[f"{side}_credits_pending_after"],
        row[f"{side}_credits_posted_after"],
    )


def _spec_of_failure(row: RowLike) -> TransferSpec:
    return TransferSpec(
        id=row["id"],
        debit_account_id=row["debit_account_id"],
        credit_account_id=row["credit_account_id"],
        amount=row["amount"],
        unit=row["unit"],
        kind=TransferKind(row["kind"]),
        pending_id=row["pending_id"],
        timeout_seconds=row["timeout_seconds"],
        reverses_id=row["reverses_id"],
        event_at=row["event_at"],
        code=row["code"],
        reference=row["reference"],
        linked=row["linked"],
    )


TRANSFER_COLUMNS = ", ".join(column.name for column in LedgerTransfer.__table__.columns)
_TRANSFERS_BY_IDS = f"SELECT {TRANSFER_COLUMNS} FROM transfers WHERE id = ANY($1::uuid[])"


async def transfers_by_ids(
    connection: asyncpg.Connection, ids: Iterable[uuid.UUID]
) -> list[Transfer]:
    return [transfer_of(record) for record in await connection.fetch(_TRANSFERS_BY_IDS, list(ids))]


_INSERT_FAILURES = """
INSERT INTO transfer_failures (
    id, status, debit_account_id, credit_account_id, amount, unit, kind, pending_id,
    timeout_seconds, reverses_id, event_at, code, reference, linked
) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
"""


async def insert_failures(
    connection: asyncpg.Connection, failures: Sequence[tuple[TransferSpec, TransferStatus]]
) -> None:
    rows = [
        (
            spec.id,
            status.value,
            spec.debit_account_id,
            spec.credit_account_id,
            spec.amount,
            spec.unit,
            spec.kind.value,
            spec.pending_id,
            spec.timeout_seconds,
            spec.reverses_id,
            spec.event_at,
            spec.code,
            spec.reference,
            spec.linked,
        )
        for spec, status in failures
    ]
    await connection.executemany(_INSERT_FAILURES, rows)


# The open pendings among the ids, how the others were resolved, and the database clock.
_PENDINGS = """
SELECT p.transfer_id AS id, p.debit_account_id, p.credit_account_id, p.amount, t.unit,
       p.expires_at, NULL::varchar AS resolved_by, clock_timestamp() AS now
FROM pending_transfers AS p JOIN transfers AS t ON t.id = p.transfer_id
WHERE p.transfer_id = ANY($1::uuid[])
UNION ALL
SELECT pending_id, NULL, NULL, NULL, NULL, NULL, kind, clock_timestamp()
FROM transfers WHERE pending_id = ANY($1::uuid[])
UNION ALL
SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, clock_timestamp()
"""


async def pendings(
    connection: asyncpg.Connection, ids: Iterable[uuid.UUID]
) -> tuple[list[OpenPending], dict[uuid.UUID, TransferKind], datetime]:
    """Open pendings among ``ids``, the kind that resolved each closed one, the clock."""
    records = await connection.fetch(_PENDINGS, list(ids))
    open_pendings = [
        OpenPending(
            r["id"],
            r["debit_account_id"],
            r["credit_account_id"],
            r["amount"],
            r["unit"],
            r["expires_at"],
        )
        for r in records
        if r["id"] is not None and r["resolved_by"] is None
    ]
    resolved = {r["id"]: TransferKind(r["resolved_by"]) for r in records if r["resolved_by"]}
    return open_pendings, resolved, records[-1]["now"]


_REVERSED_AMOUNTS = """
SELECT reverses_id, sum(amount)::bigint AS amount FROM transfers
WHERE reverses_id = ANY($1::uuid[]) GROUP BY reverses_id
"""


async def reversed_amounts(
    connection: asyncpg.Connection, reversed_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, int]:
    records = await connection.fetch(_REVERSED_AMOUNTS, list(reversed_ids))
    return {r["reverses_id"]: r["amount"] for r in records}


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


# --- The write of a batch ------------------------------------------------------------------

_DRAFT_ARRAYS = (
    ("payload", "text"),
    ("id", "uuid"),
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
)
_ACCOUNT_ARRAYS = (
    ("account_id", "bigint"),
    ("debits_pending", "bigint"),
    ("debits_posted", "bigint"),
    ("credits_pending", "bigint"),
    ("credits_posted", "bigint"),
)
_PARAMETERS = [name for name, _ in _DRAFT_ARRAYS + _ACCOUNT_ARRAYS] + ["opened", "resolved"]


# One call writes the whole batch (migration 0002, ``ledger_write_batch``): transfers with
# positions taken in batch order and digests computed exactly as ledger.chain.digest, the
# accounts' balances, new and resolved pendings. No lock is taken beyond the accounts'.
WRITE_BATCH = (
    "SELECT written_id AS id, written_position AS position, written_recorded_at AS recorded_at,"
    " written_digest AS digest FROM ledger_write_batch("
    + ", ".join(f"${number}" for number in range(1, len(_PARAMETERS) + 1))
    + ")"
)


def _draft_arrays(drafts: Sequence[Draft]) -> list[list[Any]]:
    debit = [d.debit_balances_after for d in drafts]
    credit = [d.credit_balances_after for d in drafts]
    return [
        [payload(d) for d in drafts],
        [d.id for d in drafts],
        [d.debit_account_id for d in drafts],
        [d.credit_account_id for d in drafts],
        [d.amount for d in drafts],
        [d.unit for d in drafts],
        [d.kind.value for d in drafts],
        [d.pending_id for d in drafts],
        [d.timeout_seconds for d in drafts],
        [d.reverses_id for d in drafts],
        [d.event_at for d in drafts],
        [d.code for d in drafts],
        [d.reference for d in drafts],
        [d.linked for d in drafts],
        *_balance_arrays(debit),
        *_balance_arrays(credit),
    ]


def _balance_arrays(balances: Sequence[Balances]) -> list[list[int]]:
    return [
        [b.debits_pending for b in balances],
        [b.debits_posted for b in balances],
        [b.credits_pending for b in balances],
        [b.credits_posted for b in balances],
    ]


def _account_arrays(accounts: Sequence[AccountState]) -> list[list[int]]:
    return [[a.id for a in accounts], *_balance_arrays([a.balances for a in accounts])]


@dataclass(frozen=True, slots=True)
class Placed:
    """What the database gave a draft: its position, recording time and digest."""

    position: int
    recorded_at: datetime
    digest: bytes


async def write_batch(
    connection: asyncpg.Connection,
    drafts: Sequence[Draft],
    accounts: Sequence[AccountState],
    opened: Sequence[uuid.UUID],
    resolved: Sequence[uuid.UUID],
) -> dict[uuid.UUID, Placed]:
    """Write a batch's transfers and its accounts' final balances."""
    assert drafts, "a batch that creates nothing writes nothing"
    arguments = [*_draft_arrays(drafts), *_account_arrays(accounts), list(opened), list(resolved)]
    assert len(arguments) == len(_PARAMETERS)
    records = await connection.fetch(WRITE_BATCH, *arguments)
    placed = {r["id"]: Placed(r["position"], r["recorded_at"], bytes(r["digest"])) for r in records}
    positions = [placed[draft.id].position for draft in drafts]
    # Running balances were computed in batch order: positions must follow it.
    assert positions == sorted(positions), "positions out of batch order"
    return placed


async def post_batch(
    connection: asyncpg.Connection, call: str, arguments: Sequence[list[Any]]
) -> list[asyncpg.Record]:
    """The fast path's one statement (``ledger.posting``): the transfers written, or none."""
    records: list[asyncpg.Record] = await connection.fetch(f"SELECT * FROM {call}", *arguments)
    return records


async def chain_head(session: AsyncSession) -> LedgerChain:
    return (await session.execute(select(LedgerChain))).scalar_one()
