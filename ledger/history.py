"""Reading the past: account statements, balances as of an instant, the chain head.

As-of queries use the recording time (``recorded_at``), never the event time: balances after
each transfer are kept in recording order, and recording time never decreases along the chain,
so "the last transfer recorded at or before t" is one index probe (O(log n)).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from ledger.repository import TRANSFER_COLUMNS, transfer_of
from ledger.repository import chain_head as _chain_head_row
from ledger.types import STATEMENT_PAGE_SIZE_MAX, Balances, Transfer


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
    sequence: int
    hash_hex: str
    recorded_at: datetime | None  # None while the ledger is empty


_STATEMENT = text(
    f"""
SELECT * FROM (
    (SELECT {TRANSFER_COLUMNS} FROM transfers
     WHERE debit_account_id = :account_id AND sequence < :before
     ORDER BY sequence DESC LIMIT :limit)
    UNION ALL
    (SELECT {TRANSFER_COLUMNS} FROM transfers
     WHERE credit_account_id = :account_id AND sequence < :before
     ORDER BY sequence DESC LIMIT :limit)
) AS page ORDER BY sequence DESC LIMIT :limit
"""
)


async def statement(
    session: AsyncSession, account_id: int, *, limit: int = 50, before: str | None = None
) -> StatementPage:
    """The account's transfers, newest first, ``limit`` (≤ 100) per page, with running balances.

    The cursor is the sequence of the last entry returned (opaque to callers).
    """
    if not 0 < limit <= STATEMENT_PAGE_SIZE_MAX:
        raise ValueError(f"limit must be between 1 and {STATEMENT_PAGE_SIZE_MAX}")
    before_sequence = int(before) if before is not None else 2**63 - 1
    parameters = {"account_id": account_id, "before": before_sequence, "limit": limit}
    rows = (await session.execute(_STATEMENT, parameters)).all()
    entries = [_entry(transfer_of(row._mapping), account_id) for row in rows]
    cursor = str(entries[-1].transfer.sequence) if len(entries) == limit else None
    return StatementPage(entries, cursor)


def _entry(transfer: Transfer, account_id: int) -> StatementEntry:
    is_debit = transfer.debit_account_id == account_id
    balances = transfer.debit_balances_after if is_debit else transfer.credit_balances_after
    return StatementEntry(transfer, is_debit, balances)


_AS_OF = text(
    """
WITH cut AS (
    SELECT sequence FROM transfers WHERE recorded_at <= :at
    ORDER BY recorded_at DESC, sequence DESC LIMIT 1
)
SELECT * FROM (
    (SELECT sequence, debit_debits_pending_after AS debits_pending,
            debit_debits_posted_after AS debits_posted,
            debit_credits_pending_after AS credits_pending,
            debit_credits_posted_after AS credits_posted
     FROM transfers WHERE debit_account_id = :account_id AND sequence <= (SELECT sequence FROM cut)
     ORDER BY sequence DESC LIMIT 1)
    UNION ALL
    (SELECT sequence, credit_debits_pending_after, credit_debits_posted_after,
            credit_credits_pending_after, credit_credits_posted_after
     FROM transfers WHERE credit_account_id = :account_id AND sequence <= (SELECT sequence FROM cut)
     ORDER BY sequence DESC LIMIT 1)
) AS last ORDER BY sequence DESC LIMIT 1
"""
)


async def balance_as_of(session: AsyncSession, account_id: int, at: datetime) -> Balances:
    """The account's balances just after the last transfer recorded at or before ``at``."""
    assert at.tzinfo is not None, "instants are timezone-aware"
    row = (await session.execute(_AS_OF, {"account_id": account_id, "at": at})).one_or_none()
    if row is None:
        return Balances()
    return Balances(row.debits_pending, row.debits_posted, row.credits_pending, row.credits_posted)


async def chain_head(session: AsyncSession) -> ChainHead:
    """The last sequence and hash: publish it, and anyone can later check the log against it."""
    head = await _chain_head_row(session)
    recorded_at = head.recorded_at if head.sequence > 0 else None
    return ChainHead(head.sequence, bytes(head.hash).hex(), recorded_at)
