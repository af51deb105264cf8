"""Whole child lists per parent (parties of a case, visits of a petition…), batched: one query
per batch of parents. Only for children the domain bounds per parent."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence
from typing import Any

from strawberry.dataloader import DataLoader

from api.listing import Reader
from governance.workflows.repository import rows_by_parent


class GroupedRows:
    def __init__(self, read: Reader, parent: Any) -> None:
        self._read = read
        self._parent = parent
        self.loader: DataLoader[Hashable, list[Any]] = DataLoader(self._load)

    async def _load(self, keys: Sequence[Hashable]) -> list[list[Any]]:
        rows = await self._read(lambda session: rows_by_parent(session, self._parent, keys))
        grouped: dict[Hashable, list[Any]] = defaultdict(list)
        for row in rows:
            grouped[getattr(row, self._parent.key)].append(row)
        return [grouped.get(key, []) for key in keys]

    async def load(self, key: Hashable) -> list[Any]:
        return await self.loader.load(key)
