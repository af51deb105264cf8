"""Batch loading of supermarkets and goods (public), and of goods' stock (one statement for a
page of goods)."""

from __future__ import annotations

from collections.abc import Sequence

from strawberry.dataloader import DataLoader

from api.listing import ByValues, Reader
from governance.access.principal import Viewer
from governance.supermarkets import stock
from governance.supermarkets.models import Goods, Supermarket


class SupermarketLoaders:
    def __init__(self, read: Reader, viewer: Viewer) -> None:
        self.supermarkets = ByValues(read, Supermarket.id, viewer)
        self.goods = ByValues(read, Goods.id, viewer)
        self._read = read
        self.stock: DataLoader[int, int] = DataLoader(self._load_stock)

    async def _load_stock(self, goods_ids: Sequence[int]) -> list[int]:
        ids = list(goods_ids)
        found = await self._read(lambda session: stock.stock_levels_by_goods(session, ids))
        return [found[goods_id] for goods_id in ids]
