"""What the database holds after a run, read directly with SQL (never through the API).

``DatabaseState`` is plain data so the checker is a pure function and can be tested on
hand-made bad histories.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import asyncpg


@dataclass(frozen=True)
class ReceiptRecord:
    supermarket_id: int
    key: str
    holder_id: int
    total_points: int
    returned_points: int
    points_transfer_id: uuid.UUID


@dataclass(frozen=True)
class LineRecord:
    supermarket_id: int
    key: str
    goods_id: int
    quantity: int
    returned_quantity: int
    stock_transfer_id: uuid.UUID


@dataclass(frozen=True)
class ApplicationRecord:
    id: int
    proposer_user_id: int
    key: str | None
    holder_id: int
    points: int
    status: str
    points_applied: int | None
    transfer_id: uuid.UUID | None


@dataclass(frozen=True)
class TransferRecord:
    id: uuid.UUID
    kind: str
    unit: str
    amount: int
    pending_id: uuid.UUID | None


@dataclass(frozen=True)
class AccountRecord:
    id: int
    unit: str
    debits_pending: int
    debits_posted: int
    credits_pending: int
    credits_posted: int
    debits_must_not_exceed_credits: bool
    credits_must_not_exceed_debits: bool


@dataclass(frozen=True)
class GoodsRecord:
    id: int
    shelf_account_id: int
    stocked_in: int


@dataclass
class DatabaseState:
    receipts: list[ReceiptRecord] = field(default_factory=list)
    lines: list[LineRecord] = field(default_factory=list)
    applications: list[ApplicationRecord] = field(default_factory=list)
    transfers: dict[uuid.UUID, TransferRecord] = field(default_factory=dict)
    accounts: dict[int, AccountRecord] = field(default_factory=dict)
    wallets: dict[int, int] = field(default_factory=dict)  # holder id → ledger account id
    goods: list[GoodsRecord] = field(default_factory=list)
    verify_violations: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Baseline:
    """What the setup wrote before any client ran: not the clients' to account for."""

    transfer_ids: frozenset[uuid.UUID]
    application_ids: frozenset[int]
    receipt_keys: frozenset[tuple[int, str]]


RECEIPTS = """SELECT supermarket_id, idempotency_key, holder_id, total_points, returned_points,
    points_transfer_id FROM receipts"""
LINES = """SELECT r.supermarket_id, r.idempotency_key, l.goods_id, l.quantity, l.returned_quantity,
    l.stock_transfer_id FROM receipt_lines l JOIN receipts r ON r.id = l.receipt_id"""
APPLICATIONS = """SELECT id, proposed_by_user_id, idempotency_key, holder_id, points,
    status::text, points_applied, transfer_id FROM bank_applications"""
TRANSFERS = "SELECT id, kind, unit, amount, pending_id FROM transfers"
ACCOUNTS = """SELECT id, unit, debits_pending, debits_posted, credits_pending, credits_posted,
    debits_must_not_exceed_credits, credits_must_not_exceed_debits FROM accounts"""
WALLETS = "SELECT id, points_account_id FROM bank_holders"
GOODS = """SELECT g.id, g.shelf_account_id, coalesce(sum(s.quantity), 0)
    FROM goods g LEFT JOIN stock_ins s ON s.goods_id = g.id GROUP BY g.id"""


async def read_baseline(connection: asyncpg.Connection) -> Baseline:
    transfers = await connection.fetch("SELECT id FROM transfers")
    applications = await connection.fetch("SELECT id FROM bank_applications")
    receipts = await connection.fetch("SELECT supermarket_id, idempotency_key FROM receipts")
    return Baseline(
        frozenset(row[0] for row in transfers),
        frozenset(row[0] for row in applications),
        frozenset((row[0], row[1]) for row in receipts),
    )


async def read_state(connection: asyncpg.Connection) -> DatabaseState:
    """Everything the checker compares, read in one repeatable-read snapshot."""
    async with connection.transaction(isolation="repeatable_read", readonly=True):
        return DatabaseState(
            receipts=[ReceiptRecord(*row) for row in await connection.fetch(RECEIPTS)],
            lines=[LineRecord(*row) for row in await connection.fetch(LINES)],
            applications=[ApplicationRecord(*row) for row in await connection.fetch(APPLICATIONS)],
            transfers={row[0]: TransferRecord(*row) for row in await connection.fetch(TRANSFERS)},
            accounts={row[0]: AccountRecord(*row) for row in await connection.fetch(ACCOUNTS)},
            wallets={row[0]: row[1] for row in await connection.fetch(WALLETS)},
            goods=[GoodsRecord(*row) for row in await connection.fetch(GOODS)],
        )
