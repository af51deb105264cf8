"""Batch loading of supermarkets and goods (public), and the pages of their lists (goods and
stock received per supermarket, prices per goods): one query per page shape, whatever the
number of parents."""

from __future__ import annotations

from typing import Any

from api.listing import ByValues, PartitionedPages, Reader
from governance.access.principal import Viewer
from governance.supermarkets.models import Goods, GoodsPrice, StockIn, Supermarket


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
