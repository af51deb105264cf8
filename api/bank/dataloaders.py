"""Batch loading of schemes and rules (public catalog data, not scoped)."""

from __future__ import annotations

from api.listing import ByValues, Reader
from governance.access.principal import Viewer
from governance.bank.models import Rule, Scheme


class BankLoaders:
    def __init__(self, read: Reader, viewer: Viewer) -> None:
        self.schemes = ByValues(read, Scheme.id, viewer)
        self.rules = ByValues(read, Rule.id, viewer)
