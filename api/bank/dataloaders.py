"""Batch loading of schemes and rules (public catalog data, not scoped)."""

from __future__ import annotations

from api.listing import ByValues, Reader
from governance.bank.models import Rule, Scheme


class BankLoaders:
    def __init__(self, read: Reader) -> None:
        self.schemes = ByValues(read, Scheme.id)
        self.rules = ByValues(read, Rule.id)
