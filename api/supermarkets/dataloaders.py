"""Batch loading of supermarkets and goods (public)."""

from __future__ import annotations

from api.listing import ByValues, Reader
from governance.supermarkets.models import Goods, Supermarket


class SupermarketLoaders:
    def __init__(self, read: Reader) -> None:
        self.supermarkets = ByValues(read, Supermarket.id)
        self.goods = ByValues(read, Goods.id)
