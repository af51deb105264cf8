"""Batch loading of supermarkets, goods and the goods' stock adjustments (public)."""

from __future__ import annotations

from collections.abc import Sequence

from strawberry.dataloader import DataLoader

from api.listing import ByValues, Reader
from governance.access.principal import Viewer
from governance.supermarkets import queries
from governance.supermarkets.models import Goods, StockAdjustment, Supermarket

ADJUSTMENTS_PER_GOODS_MAX = 100


class SupermarketLoaders:
    def __init__(self, read: Reader, viewer: Viewer) -> None:
        self.supermarkets = ByValues(read, Supermarket.id, viewer)
        self.goods = ByValues(read, Goods.id, viewer)
        self._read = read
        self.adjustments: DataLoader[int, list[StockAdjustment]] = DataLoader(
            self._load_adjustments
        )

    async def _load_adjustments(self, goods_ids: Sequence[int]) -> list[list[StockAdjustment]]:
        ids = list(goods_ids)
        found = await self._read(
            lambda session: queries.adjustments_of(session, ids, ADJUSTMENTS_PER_GOODS_MAX)
        )
        return [found.get(goods_id, []) for goods_id in ids]
