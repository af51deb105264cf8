"""Batch loading of regions, child counts, descendant counts and child pages."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, NamedTuple

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from governance.regions import repository
from governance.regions.codes import RegionLevel
from governance.regions.repository import RegionRecord

Reader = Callable[[Callable[[AsyncSession], Awaitable[Any]]], Awaitable[Any]]


class PageShape(NamedTuple):
    """A page's arguments; ``limit`` is one more than the page size (to detect a next page)."""

    after: str | None
    before: str | None
    limit: int
    backwards: bool


ChildPageKey = tuple[int, PageShape]


class RegionLoaders:
    def __init__(self, read: Reader) -> None:
        self._read = read
        self.by_id = DataLoader(self._load_by_id)
        self.by_code = DataLoader(self._load_by_code)
        self.child_count = DataLoader(self._load_child_count)
        self.descendant_count = DataLoader(self._load_descendant_count)
        self.children_page = DataLoader(self._load_children_page)

    async def _load_by_id(self, ids: Sequence[int]) -> list[RegionRecord | None]:
        regions = await self._read(lambda s: repository.records_by_ids(s, ids))
        found = {region.id: region for region in regions}
        return [found.get(region_id) for region_id in ids]

    async def _load_by_code(self, codes: Sequence[str]) -> list[RegionRecord | None]:
        regions = await self._read(lambda s: repository.records_by_codes(s, codes))
        found = {region.code: region for region in regions}
        return [found.get(code) for code in codes]

    async def _load_child_count(self, parent_ids: Sequence[int]) -> list[int]:
        counts = await self._read(lambda s: repository.child_counts(s, parent_ids))
        return [counts.get(parent_id, 0) for parent_id in parent_ids]

    async def _load_descendant_count(self, keys: Sequence[tuple[str, RegionLevel]]) -> list[int]:
        codes_by_level: dict[RegionLevel, list[str]] = defaultdict(list)
        for code, level in keys:
            codes_by_level[level].append(code)
        counts: dict[tuple[str, RegionLevel], int] = {}
        for level, codes in codes_by_level.items():
            level_counts = await self._read(_descendant_counts(level, codes))
            counts |= {(code, level): count for code, count in level_counts.items()}
        return [counts.get(key, 0) for key in keys]

    async def _load_children_page(self, keys: Sequence[ChildPageKey]) -> list[list[RegionRecord]]:
        """One query per distinct page shape (usually one for the whole request)."""
        parents_by_shape: dict[PageShape, list[int]] = defaultdict(list)
        for parent_id, shape in keys:
            parents_by_shape[shape].append(parent_id)
        pages: dict[ChildPageKey, list[RegionRecord]] = {key: [] for key in keys}
        for shape, parent_ids in parents_by_shape.items():
            for region in await self._read(_children_pages(parent_ids, shape)):
                assert region.parent_id is not None
                pages[(region.parent_id, shape)].append(region)
        return [pages[key] for key in keys]


def _descendant_counts(
    level: RegionLevel, codes: list[str]
) -> Callable[[AsyncSession], Awaitable[dict[str, int]]]:
    async def query(session: AsyncSession) -> dict[str, int]:
        return await repository.descendant_counts(session, level, codes)

    return query


def _children_pages(
    parent_ids: list[int], shape: PageShape
) -> Callable[[AsyncSession], Awaitable[list[RegionRecord]]]:
    async def query(session: AsyncSession) -> list[RegionRecord]:
        return await repository.children_pages(
            session,
            parent_ids,
            after_code=shape.after,
            before_code=shape.before,
            limit=shape.limit,
            backwards=shape.backwards,
        )

    return query
