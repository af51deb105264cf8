"""Batch loading of supermarkets and goods (public), the pages of their lists (goods and
stock received per supermarket, prices per goods) and goods' stock: one query per page shape,
whatever the number of parents."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from strawberry.dataloader import DataLoader

from api.listing import ByValues, PartitionedPages, Reader
from governance.access.principal import Viewer
from governance.supermarkets import queries, stock
from governance.supermarkets.models import Goods, GoodsPrice, StockAdjustment, StockIn, Supermarket

ADJUSTMENTS_PER_GOODS_MAX = 100


def _no_conditions(_child_filter: Any) -> list[Any]:
    return []


class SupermarketLoaders:
    def __init__(self, read: Reader, viewer: Viewer) -> None:
        self.supermarkets = ByValues(read, Supermarket.id, viewer)
        self.goods = ByValues(read, Goods.id, viewer)
        self.goods_of = PartitionedPages(
            read, Goods, Goods.supermarket_id, _no_conditions, viewer=viewer
        )
        self.stock_ins_of = PartitionedPages(
            read, StockIn, StockIn.supermarket_id, _no_conditions, viewer=viewer
        )
        self.prices_of = PartitionedPages(
            read, GoodsPrice, GoodsPrice.goods_id, _no_conditions, viewer=viewer
        )
        self._read = read
        self.stock: DataLoader[int, int] = DataLoader(self._load_stock)
        self.adjustments: DataLoader[int, list[StockAdjustment]] = DataLoader(
            self._load_adjustments
        )

    async def _load_stock(self, goods_ids: Sequence[int]) -> list[int]:
        ids = list(goods_ids)
        found = await self._read(lambda session: stock.stock_levels_by_goods(session, ids))
        return [found[goods_id] for goods_id in ids]

    async def _load_adjustments(self, goods_ids: Sequence[int]) -> list[list[StockAdjustment]]:
        ids = list(goods_ids)
        found = await self._read(
            lambda session: queries.adjustments_of(session, ids, ADJUSTMENTS_PER_GOODS_MAX)
        )
        return [found.get(goods_id, []) for goods_id in ids]
