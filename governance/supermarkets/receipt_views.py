"""Receipts as the till prints them (``ReceiptView``), many at once: their lines and goods
names in one statement, however many receipts (no statement per receipt)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from governance.supermarkets.models import Goods, Receipt, ReceiptLine
from governance.supermarkets.redemption import ReceiptLineView, ReceiptView


async def receipt_views(session: AsyncSession, receipts: Sequence[Receipt]) -> list[ReceiptView]:
    """``receipts`` with their lines, in the order given."""
    lines = await _lines(session, [receipt.id for receipt in receipts])
    return [_receipt_view(receipt, lines.get(receipt.id, [])) for receipt in receipts]


async def _lines(session: AsyncSession, receipt_ids: list[int]) -> dict[int, list[ReceiptLineView]]:
    if not receipt_ids:
        return {}
    statement = (
        select(ReceiptLine, Goods.name)
        .join(Goods, Goods.id == ReceiptLine.goods_id)
        .where(ReceiptLine.receipt_id.in_(receipt_ids))
        .order_by(ReceiptLine.receipt_id, ReceiptLine.line_number)
    )
    found: dict[int, list[ReceiptLineView]] = defaultdict(list)
    for line, name in (await session.execute(statement)).all():
        found[line.receipt_id].append(
            ReceiptLineView(line.line_number, line.goods_id, name, line.quantity,
                            line.unit_price_points, line.amount_points, line.returned_quantity)
        )  # fmt: skip
    return found


def _receipt_view(receipt: Receipt, lines: list[ReceiptLineView]) -> ReceiptView:
    return ReceiptView(
        receipt.id, receipt.supermarket_id, receipt.holder_id, receipt.household_id,
        receipt.person_id, receipt.total_points, receipt.balance_after_points,
        receipt.returned_points, receipt.created_at, lines,
    )  # fmt: skip
