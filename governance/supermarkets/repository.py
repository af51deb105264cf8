"""All SQL of the supermarkets. The redemption's hot path speaks asyncpg on the session's
own connection: one statement reads everything a sale needs, one posts it to the ledger and
writes the receipt (``post_sale``)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import asyncpg
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

import ledger
from governance.supermarkets.models import Goods
from ledger import posting


async def goods_by_name(session: AsyncSession, supermarket_id: int, name: str) -> Goods | None:
    statement = select(Goods).where(Goods.supermarket_id == supermarket_id, Goods.name == name)
    return (await session.execute(statement)).scalar_one_or_none()


async def lock_goods(session: AsyncSession, goods_id: int) -> Goods | None:
    statement = select(Goods).where(Goods.id == goods_id).with_for_update()
    return (await session.execute(statement)).scalar_one_or_none()


# Everything a sale needs, in one round trip: the supermarket, the holder and its wallet, the
# goods asked for, and a receipt already stored under the idempotency key (with its lines).
SALE_CONTEXT = """
SELECT
  (SELECT row_to_json(s) FROM (
     SELECT id, open, till_account_id, region_code FROM supermarkets WHERE id = $1) AS s
  ) AS supermarket,
  (SELECT row_to_json(h) FROM (
     SELECT h.id, h.household_id, h.person_id, h.region_code, h.points_account_id,
            a.closed, a.credits_pending + a.debits_pending > 0 AS has_pending,
            a.credits_posted - a.debits_posted - a.debits_pending AS available
     FROM bank_holders AS h
     JOIN accounts AS a ON a.id = h.points_account_id
     WHERE h.id = $2) AS h
  ) AS holder,
  (SELECT json_agg(g) FROM (
     SELECT id, name, price_points, active, shelf_account_id, issued_account_id
     FROM goods WHERE id = ANY($3::bigint[]) AND supermarket_id = $1) AS g
  ) AS goods,
  (SELECT row_to_json(r) FROM (
     SELECT r.*, (SELECT json_agg(l ORDER BY l.line_number) FROM (
                    SELECT rl.*, g.name AS goods_name FROM receipt_lines AS rl
                    JOIN goods AS g ON g.id = rl.goods_id WHERE rl.receipt_id = r.id) AS l
                 ) AS lines
     FROM receipts AS r WHERE r.supermarket_id = $1 AND r.idempotency_key = $4) AS r
  ) AS receipt
"""


@dataclass(frozen=True, slots=True)
class SaleContext:
    supermarket: dict[str, Any] | None
    holder: dict[str, Any] | None
    goods: dict[int, dict[str, Any]]
    receipt: dict[str, Any] | None


def _json(value: Any) -> Any:
    """JSON columns arrive decoded (SQLAlchemy's dialect sets codecs) or as text (bare)."""
    return json.loads(value) if isinstance(value, str) else value


async def sale_context(
    connection: asyncpg.Connection,
    supermarket_id: int,
    holder_id: int,
    goods_ids: Sequence[int],
    key: str,
) -> SaleContext:
    record = await connection.fetchrow(SALE_CONTEXT, supermarket_id, holder_id, goods_ids, key)
    assert record is not None
    goods = _json(record["goods"]) or []
    return SaleContext(
        _json(record["supermarket"]),
        _json(record["holder"]),
        {g["id"]: g for g in goods},
        _json(record["receipt"]),
    )


# The receipt and its lines in one statement; nothing when the key was taken meanwhile.
INSERT_RECEIPT = """
WITH receipt AS (
  INSERT INTO receipts (supermarket_id, holder_id, household_id, person_id, region_code,
                        idempotency_key, request_digest, total_points, balance_after_points,
                        points_transfer_id, cashier_user_id)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
  ON CONFLICT (supermarket_id, idempotency_key) DO NOTHING
  RETURNING id, created_at
), lines AS (
  INSERT INTO receipt_lines (receipt_id, line_number, goods_id, quantity, unit_price_points,
                             amount_points, stock_transfer_id)
  SELECT receipt.id, l.line_number, l.goods_id, l.quantity, l.price, l.quantity * l.price,
         l.transfer_id
  FROM receipt, unnest($12::int[], $13::bigint[], $14::int[], $15::int[], $16::uuid[])
       AS l(line_number, goods_id, quantity, price, transfer_id)
)
SELECT id, created_at FROM receipt
"""


@dataclass(frozen=True, slots=True)
class ReceiptRow:
    supermarket_id: int
    holder_id: int
    household_id: int | None
    person_id: int | None
    region_code: str
    key: str
    digest: str
    total_points: int
    balance_after_points: int | None  # None for ``post_sale``: the ledger's, as it writes it
    points_transfer_id: uuid.UUID
    cashier_user_id: int | None


@dataclass(frozen=True, slots=True)
class LineRow:
    line_number: int
    goods_id: int
    quantity: int
    price: int
    transfer_id: uuid.UUID


async def insert_receipt(
    connection: asyncpg.Connection, receipt: ReceiptRow, lines: Sequence[LineRow]
) -> asyncpg.Record | None:
    return await connection.fetchrow(
        INSERT_RECEIPT,
        receipt.supermarket_id, receipt.holder_id, receipt.household_id, receipt.person_id,
        receipt.region_code, receipt.key, receipt.digest, receipt.total_points,
        receipt.balance_after_points, receipt.points_transfer_id, receipt.cashier_user_id,
        [line.line_number for line in lines], [line.goods_id for line in lines],
        [line.quantity for line in lines], [line.price for line in lines],
        [line.transfer_id for line in lines],
    )  # fmt: skip


# The ledger's fast path and the receipt in one statement: the receipt and its lines are
# written only when the ledger wrote the sale's transfers (the points transfer is among the
# rows), and only if the key is still free. Rows: the transfers written (none when the ledger
# turned the batch down), each with the receipt's id and time (null when the key was taken).
POST_SALE = f"""
WITH posted AS (
  SELECT * FROM {posting.call(first_parameter=16)}
), receipt AS (
  INSERT INTO receipts (supermarket_id, holder_id, household_id, person_id, region_code,
                        idempotency_key, request_digest, total_points, balance_after_points,
                        points_transfer_id, cashier_user_id)
  SELECT $1, $2, $3, $4, $5, $6, $7, $8,
         p.debit_credits_posted_after - p.debit_debits_posted_after
         - p.debit_debits_pending_after,
         $9, $10
  FROM posted AS p WHERE p.id = $9
  ON CONFLICT (supermarket_id, idempotency_key) DO NOTHING
  RETURNING id, created_at
), lines AS (
  INSERT INTO receipt_lines (receipt_id, line_number, goods_id, quantity, unit_price_points,
                             amount_points, stock_transfer_id)
  SELECT receipt.id, l.line_number, l.goods_id, l.quantity, l.price, l.quantity * l.price,
         l.transfer_id
  FROM receipt, unnest($11::int[], $12::bigint[], $13::int[], $14::int[], $15::uuid[])
       AS l(line_number, goods_id, quantity, price, transfer_id)
)
SELECT posted.*, receipt.id AS receipt_id, receipt.created_at AS receipt_created_at
FROM posted LEFT JOIN receipt ON true
"""


@dataclass(frozen=True, slots=True)
class PostedSale:
    results: list[ledger.TransferResult]
    receipt: tuple[int, dt.datetime] | None  # id and time; None: the key was taken meanwhile


async def post_sale(
    connection: asyncpg.Connection,
    specs: Sequence[ledger.TransferSpec],
    receipt: ReceiptRow,
    lines: Sequence[LineRow],
) -> PostedSale | None:
    """The sale's transfers (``specs``, eligible for the ledger's fast path, the points first)
    and its receipt, in one statement; None when the ledger wrote nothing."""
    records = await connection.fetch(
        POST_SALE,
        receipt.supermarket_id, receipt.holder_id, receipt.household_id, receipt.person_id,
        receipt.region_code, receipt.key, receipt.digest, receipt.total_points,
        receipt.points_transfer_id, receipt.cashier_user_id,
        [line.line_number for line in lines], [line.goods_id for line in lines],
        [line.quantity for line in lines], [line.price for line in lines],
        [line.transfer_id for line in lines],
        *posting.arguments(specs),
    )  # fmt: skip
    results = posting.results(specs, records)
    if results is None:
        return None
    first = records[0]
    receipt_id, created_at = first["receipt_id"], first["receipt_created_at"]
    return PostedSale(results, None if receipt_id is None else (receipt_id, created_at))
