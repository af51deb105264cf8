"""Reads behind the supermarkets' GraphQL fields, scoped through ``apply_region_scope``."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.principal import Viewer
from governance.bank.repository import scoped
from governance.supermarkets.models import (
    Receipt,
    StockAdjustment,
)
from governance.supermarkets.receipt_views import receipt_views
from governance.supermarkets.redemption import ReceiptView


async def receipts_of(
    session: AsyncSession, viewer: Viewer, holder_id: int, limit: int
) -> list[ReceiptView]:
    """A holder's receipts, newest first, as far as the viewer may see them."""
    statement = (
        select(Receipt)
        .where(Receipt.holder_id == holder_id)
        .order_by(Receipt.id.desc())
        .limit(limit)
    )
    statement = scoped(
        statement,
        Receipt.region_code,
        viewer,
        supermarket_id=Receipt.supermarket_id,
        person_id=Receipt.person_id,
        household_id=Receipt.household_id,
    )
    receipts = (await session.execute(statement)).scalars().all()
    return await receipt_views(session, receipts)


async def adjustments_of(
    session: AsyncSession, goods_ids: Sequence[int], limit: int
) -> dict[int, list[StockAdjustment]]:
    """The newest ``limit`` write-offs and stocktakes of each goods, newest first (public, like
    the stock received), in one statement."""
    rank = (
        func.row_number()
        .over(partition_by=StockAdjustment.goods_id, order_by=StockAdjustment.id.desc())
        .label("rank")
    )
    ranked = select(StockAdjustment.id, rank).where(StockAdjustment.goods_id.in_(goods_ids))
    window = ranked.subquery()
    statement = (
        select(StockAdjustment)
        .join(window, window.c.id == StockAdjustment.id)
        .where(window.c.rank <= limit)
        .order_by(StockAdjustment.goods_id, StockAdjustment.id.desc())
    )
    grouped: dict[int, list[StockAdjustment]] = {}
    for row in await session.scalars(statement):
        grouped.setdefault(row.goods_id, []).append(row)
    return grouped
