"""Stock levels of a supermarket's goods, and the low-stock threshold per goods.

The stock is the shelf account's posted balance in the ledger (stock-ins credit it, sales debit
it, returns credit it back). A goods reads as low on stock when it has a threshold and the
stock is at or below it; a goods without a threshold never does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.principal import Viewer
from governance.bank.permissions import administers
from governance.refusals import Refusal, RefusalCode, forbidden
from governance.supermarkets import repository
from governance.supermarkets.models import QUANTITY_MAX, Goods, Supermarket
from governance.supermarkets.serving import may_use_till
from ledger.models import LedgerAccount

STOCK_LEVELS_MAX = 500  # goods listed at once; a village shop carries far fewer


def is_low(stock: int, threshold: int | None) -> bool:
    """The rule, in Python; ``_low_condition`` is its twin in SQL."""
    return threshold is not None and stock <= threshold


def _stock_column() -> ColumnElement[int]:
    return LedgerAccount.credits_posted - LedgerAccount.debits_posted


def _low_condition() -> ColumnElement[bool]:
    return Goods.low_stock_threshold.is_not(None) & (_stock_column() <= Goods.low_stock_threshold)


@dataclass(frozen=True, slots=True)
class StockLevel:
    goods: Goods
    stock: int

    @property
    def low_stock(self) -> bool:
        return is_low(self.stock, self.goods.low_stock_threshold)


async def stock_levels(
    session: AsyncSession, supermarket_id: int, *, low_only: bool, limit: int
) -> list[StockLevel]:
    """The supermarket's goods with their stock, by id, in one statement (public, like the
    goods: villagers see what is on the shelf); ``low_only``: only those low on stock."""
    assert 0 < limit <= STOCK_LEVELS_MAX
    columns: tuple[Any, ...] = (Goods, _stock_column().label("stock"))
    statement = (
        select(*columns)
        .join(LedgerAccount, LedgerAccount.id == Goods.shelf_account_id)
        .where(Goods.supermarket_id == supermarket_id)
        .order_by(Goods.id)
        .limit(limit)
    )
    if low_only:
        statement = statement.where(_low_condition())
    rows = (await session.execute(statement)).all()
    return [StockLevel(goods, int(stock)) for goods, stock in rows]


async def stock_levels_by_goods(session: AsyncSession, goods_ids: Sequence[int]) -> dict[int, int]:
    """Goods id → stock, in one statement (for a page of goods)."""
    statement = (
        select(Goods.id, _stock_column())
        .join(LedgerAccount, LedgerAccount.id == Goods.shelf_account_id)
        .where(Goods.id.in_(goods_ids))
    )
    return {goods_id: int(stock) for goods_id, stock in (await session.execute(statement)).all()}


async def set_low_stock_threshold(
    session: AsyncSession, viewer: Viewer, goods_id: int, threshold: int | None
) -> Goods:
    """Set (or clear, with None) the stock at or below which the goods reads as low: the
    administrators of the supermarket's region, or its cashiers (who keep the shelf)."""
    goods = await repository.lock_goods(session, goods_id)
    if goods is None:
        raise Refusal(RefusalCode.GOODS_NOT_FOUND, "goodsId", "No goods have this id.")
    supermarket = await session.get(Supermarket, goods.supermarket_id)
    assert supermarket is not None
    if not (administers(viewer, supermarket.region_code) or may_use_till(viewer, supermarket.id)):
        raise forbidden("set stock thresholds at this supermarket")
    if threshold is not None and not 0 <= threshold <= QUANTITY_MAX:
        message = f"A threshold ranges from 0 to {QUANTITY_MAX} items."
        raise Refusal(RefusalCode.QUANTITY_INVALID, "lowStockThreshold", message)
    goods.low_stock_threshold = threshold
    await session.flush()
    return goods
