"""Batch loading for indicators: definitions once per request, one calculator query per
indicator for every region asked about, children and history in one query each."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from governance.indicators import repository, service
from governance.indicators.models import IndicatorDefinition, IndicatorSnapshot
from governance.indicators.tallies import UnitTally
from governance.regions.codes import covers
from governance.regions.models import Region

Reader = Callable[[Callable[[AsyncSession], Awaitable[Any]]], Awaitable[Any]]
# (indicator key, root region code, as-of date)
TallyKey = tuple[str, str, dt.date]
HistoryKey = tuple[str, str]


class IndicatorLoaders:
    def __init__(self, read: Reader) -> None:
        self._read = read
        self._definitions: asyncio.Task[list[IndicatorDefinition]] | None = None
        self.tallies = DataLoader(self._load_tallies)
        self.children = DataLoader(self._load_children)
        self.history = DataLoader(self._load_history)

    async def definitions(self) -> list[IndicatorDefinition]:
        """Every definition in display order (read once per request, shared by concurrent
        resolvers so their calculator loads still fall into one batch)."""
        if self._definitions is None:
            self._definitions = asyncio.ensure_future(self._read(repository.definitions))
        return await self._definitions

    async def _load_tallies(self, keys: Sequence[TallyKey]) -> list[list[UnitTally] | None]:
        """One calculator query per (indicator, as-of date) covering every root asked about."""
        by_definition = {definition.key: definition for definition in await self.definitions()}
        roots: dict[tuple[str, dt.date], list[str]] = defaultdict(list)
        for key, root, as_of in keys:
            roots[(key, as_of)].append(root)
        units: dict[tuple[str, dt.date], list[UnitTally] | None] = {}
        for (key, as_of), codes in roots.items():
            definition = by_definition[key]
            units[(key, as_of)] = await self._read(_tallies(definition, codes, as_of))
        return [units[(key, as_of)] for key, _root, as_of in keys]

    async def _load_children(self, codes: Sequence[str]) -> list[list[Region]]:
        regions = await self._read(lambda session: repository.children(session, codes))
        return [[r for r in regions if covers(code, r.code)] for code in codes]

    async def _load_history(self, keys: Sequence[HistoryKey]) -> list[list[IndicatorSnapshot]]:
        snapshots = await self._read(lambda session: repository.history(session, keys))
        found: dict[HistoryKey, list[IndicatorSnapshot]] = defaultdict(list)
        for snapshot in snapshots:
            found[(snapshot.indicator_key, snapshot.region_code)].append(snapshot)
        return [found[key] for key in keys]


def _tallies(
    definition: IndicatorDefinition, roots: list[str], as_of: dt.date
) -> Callable[[AsyncSession], Awaitable[list[UnitTally] | None]]:
    async def query(session: AsyncSession) -> list[UnitTally] | None:
        return await service.unit_tallies(session, definition, roots, as_of)

    return query
