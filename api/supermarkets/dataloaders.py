"""Batch loading of supermarkets and goods (public)."""

from __future__ import annotations

from api.listing import ByValues, Reader
from governance.access.principal import Viewer
from governance.supermarkets.models import Goods, Supermarket


class SupermarketLoaders:
    def __init__(self, read: Reader, viewer: Viewer) -> None:
        self.supermarkets = ByValues(read, Supermarket.id, viewer)
        self.goods = ByValues(read, Goods.id, viewer)
