"""Reading the past: account statements, balances as of an instant, the chain head.

As-of queries use the recording time (``recorded_at``), never the event time. Each transfer is
recorded while its accounts are locked, so on any one account recording time and position
grow together; "the last transfer of this account recorded at or before t" is one index probe
per side on (account, recorded_at, position): O(log n).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from ledger.chain import microseconds
from ledger.repository import TRANSFER_COLUMNS, transfer_of
from ledger.repository import chain_head as _chain_head_row
from ledger.types import STATEMENT_PAGE_SIZE_MAX, Balances, Transfer

STATEMENT_DIGEST_ACCOUNTS_MAX = 1_000


@dataclass(frozen=True, slots=True)
class StatementEntry:
    """One transfer seen from one account, with that account's balances after it."""

    transfer: Transfer
    is_debit: bool
    balances_after: Balances


@dataclass(frozen=True, slots=True)
class StatementPage:
    entries: list[StatementEntry]
    next_cursor: str | None  # pass back as ``before`` for the next (older) page


@dataclass(frozen=True, slots=True)
class ChainHead:
    sequence: int  # transfers linked so far
    hash_hex: str
    sealed_at: datetime | None  # None before the first seal


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_STATEMENT = text(
    f"""
SELECT * FROM (
    (SELECT {TRANSFER_COLUMNS} FROM transfers
     WHERE debit_account_id = :account_id AND (recorded_at, position) < (:before_at, :before)
     ORDER BY recorded_at DESC, position DESC LIMIT :limit)
    UNION ALL
    (SELECT {TRANSFER_COLUMNS} FROM transfers
     WHERE credit_account_id = :account_id AND (recorded_at, position) < (:before_at, :before)
     ORDER BY recorded_at DESC, position DESC LIMIT :limit)
) AS page ORDER BY recorded_at DESC, position DESC LIMIT :limit
"""
)
_FAR_FUTURE = datetime(9999, 1, 1, tzinfo=UTC)


async def statement(
    session: AsyncSession, account_id: int, *, limit: int = 50, before: str | None = None
) -> StatementPage:
    """The account's transfers, newest first, ``limit`` (≤ 100) per page, with running balances.

    The cursor (opaque to callers) names the last entry returned: recording time and position.
    """
    if not 0 < limit <= STATEMENT_PAGE_SIZE_MAX:
        raise ValueError(f"limit must be between 1 and {STATEMENT_PAGE_SIZE_MAX}")
    before_at, before_position = _decode_cursor(before)
    parameters = {
        "account_id": account_id,
        "before_at": before_at,
        "before": before_position,
        "limit": limit,
    }
    rows = (await session.execute(_STATEMENT, parameters)).all()
    entries = [_entry(transfer_of(row._mapping), account_id) for row in rows]
    cursor = _encode_cursor(entries[-1].transfer) if len(entries) == limit else None
    return StatementPage(entries, cursor)


def _encode_cursor(transfer: Transfer) -> str:
    return f"{microseconds(transfer.recorded_at)}.{transfer.position}"


# Microseconds since the epoch (16 digits reach the year 2286) and a bigint position.
_CURSOR_DIGITS_MAX = (16, 18)


def is_statement_cursor(cursor: str) -> bool:
    """Whether ``cursor`` has the shape ``statement`` gives its cursors (anything else would
    fail in the decoding, or in the driver)."""
    parts = cursor.split(".")
    return len(parts) == len(_CURSOR_DIGITS_MAX) and all(
        part.isascii() and part.isdigit() and len(part) <= digits_max
        for part, digits_max in zip(parts, _CURSOR_DIGITS_MAX, strict=True)
    )


def _decode_cursor(cursor: str | None) -> tuple[datetime, int]:
    if cursor is None:
        return _FAR_FUTURE, 0
    assert is_statement_cursor(cursor), "callers check cursors"
    recorded_us, _, position = cursor.partition(".")
    return _EPOCH + timedelta(microseconds=int(recorded_us)), int(position)


def _entry(transfer: Transfer, account_id: int) -> StatementEntry:
    is_debit = transfer.debit_account_id == account_id
    balances = transfer.debit_balances_after if is_debit else transfer.credit_balances_after
    return StatementEntry(transfer, is_debit, balances)


_AS_OF = text(
    """
SELECT * FROM (
    (SELECT recorded_at, position, debit_debits_pending_after AS debits_pending,
            debit_debits_posted_after AS debits_posted,
            debit_credits_pending_after AS credits_pending,
            debit_credits_posted_after AS credits_posted
     FROM transfers WHERE debit_account_id = :account_id AND recorded_at <= :at
     ORDER BY recorded_at DESC, position DESC LIMIT 1)
    UNION ALL
    (SELECT recorded_at, position, credit_debits_pending_after, credit_debits_posted_after,
            credit_credits_pending_after, credit_credits_posted_after
     FROM transfers WHERE credit_account_id = :account_id AND recorded_at <= :at
     ORDER BY recorded_at DESC, position DESC LIMIT 1)
) AS last ORDER BY recorded_at DESC, position DESC LIMIT 1
"""
)


async def balance_as_of(session: AsyncSession, account_id: int, at: datetime) -> Balances:
    """The account's balances just after the last transfer recorded at or before ``at``."""
    assert at.tzinfo is not None, "instants are timezone-aware"
    row = (await session.execute(_AS_OF, {"account_id": account_id, "at": at})).one_or_none()
    if row is None:
        return Balances()
    return Balances(row.debits_pending, row.debits_posted, row.credits_pending, row.credits_posted)


# Every transfer of each account, oldest first in the statement's order, hashed in the database:
# one statement for a whole list of accounts, whatever their histories' length.
_STATEMENT_DIGESTS = text(
    """
SELECT account_id,
       sha256(coalesce(string_agg(digest, ''::bytea ORDER BY recorded_at, position), ''::bytea))
         AS statement_digest
FROM (
    SELECT a.id AS account_id, t.digest, t.recorded_at, t.position
    FROM unnest(CAST(:account_ids AS bigint[])) AS a(id)
    LEFT JOIN LATERAL (
        SELECT digest, recorded_at, position FROM transfers WHERE debit_account_id = a.id
        UNION ALL
        SELECT digest, recorded_at, position FROM transfers WHERE credit_account_id = a.id
    ) AS t ON true
) AS entries
GROUP BY account_id
"""
)


async def statement_digests(session: AsyncSession, account_ids: Sequence[int]) -> dict[int, bytes]:
    """Per account, SHA-256 over the digests of all its transfers, oldest first (the statement's
    order): the same bytes as hashing every page of ``statement``, in one statement for up to
    ``STATEMENT_DIGEST_ACCOUNTS_MAX`` accounts. Needs no sealing: transfer digests are written
    with the transfers."""
    ids = sorted(set(account_ids))
    assert len(ids) <= STATEMENT_DIGEST_ACCOUNTS_MAX, len(ids)
    if not ids:
        return {}
    rows = (await session.execute(_STATEMENT_DIGESTS, {"account_ids": ids})).all()
    return {row.account_id: bytes(row.statement_digest) for row in rows}


_TRANSFER_DIGESTS = text(
    "SELECT id, digest FROM transfers WHERE id = ANY(CAST(:transfer_ids AS uuid[]))"
)


async def transfer_digests(
    session: AsyncSession, transfer_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, bytes]:
    """The stored digest of each transfer found, in one statement for up to
    ``STATEMENT_DIGEST_ACCOUNTS_MAX`` ids: what a code over a few chosen transfers hashes (a
    later transfer on the same account changes none of them)."""
    ids = sorted(set(transfer_ids))
    assert len(ids) <= STATEMENT_DIGEST_ACCOUNTS_MAX, len(ids)
    if not ids:
        return {}
    rows = (await session.execute(_TRANSFER_DIGESTS, {"transfer_ids": ids})).all()
    return {row.id: bytes(row.digest) for row in rows}


async def chain_head(session: AsyncSession) -> ChainHead:
    """The last link's sequence and hash (as of the last seal): publish it, and anyone can
    later check the log against it."""
    head = await _chain_head_row(session)
    return ChainHead(head.sequence, bytes(head.hash).hex(), head.sealed_at)
