"""All SQL of the supermarkets. The redemption's hot path speaks asyncpg on the session's
own connection: one statement reads everything a sale needs, one writes the receipt."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import asyncpg
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from governance.supermarkets.models import Goods


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
    balance_after_points: int
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
