"""Reads behind the supermarkets' GraphQL fields, scoped through ``apply_region_scope``."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.principal import Viewer
from governance.bank.repository import scoped
from governance.regions.codes import under
from governance.supermarkets.models import (
    Goods,
    GoodsPrice,
    Receipt,
    StockIn,
    Supermarket,
)
from governance.supermarkets.receipt_views import receipt_views
from governance.supermarkets.redemption import ReceiptView


async def supermarkets_under(
    session: AsyncSession, region_code: str, limit: int
) -> Sequence[Supermarket]:
    """Supermarkets are public places: anyone may list them."""
    statement = (
        select(Supermarket)
        .where(under(Supermarket.region_code, region_code))
        .order_by(Supermarket.id)
        .limit(limit)
    )
    return (await session.execute(statement)).scalars().all()


async def goods_of(session: AsyncSession, supermarket_id: int, limit: int) -> Sequence[Goods]:
    statement = (
        select(Goods).where(Goods.supermarket_id == supermarket_id).order_by(Goods.id).limit(limit)
    )
    return (await session.execute(statement)).scalars().all()


async def prices_of(session: AsyncSession, goods_id: int, limit: int) -> Sequence[GoodsPrice]:
    statement = (
        select(GoodsPrice)
        .where(GoodsPrice.goods_id == goods_id)
        .order_by(GoodsPrice.effective_at.desc(), GoodsPrice.id.desc())
        .limit(limit)
    )
    return (await session.execute(statement)).scalars().all()


async def stock_ins_of(session: AsyncSession, supermarket_id: int, limit: int) -> Sequence[StockIn]:
    """Donations and purchases, newest first: public, like the village's accounts (村务公开)."""
    statement = (
        select(StockIn)
        .where(StockIn.supermarket_id == supermarket_id)
        .order_by(StockIn.id.desc())
        .limit(limit)
    )
    return (await session.execute(statement)).scalars().all()


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
