"""Small helpers every governance type shares: resolving regions and people by key."""

from __future__ import annotations

from api.context import Info
from api.people.types import Person
from api.regions.types import Region, RegionLevel
from governance.regions.codes import RegionLevel as RegionLevelValue


async def region_by_code(info: Info, code: str) -> Region:
    row = await info.context.loaders.regions.by_code.load(code)
    assert row is not None, "region codes are foreign keys"
    return Region.from_row(row)


async def person_by_id(info: Info, person_id: int) -> Person | None:
    """The person, or None when the viewer may not see them (persons are scoped)."""
    row = await info.context.loaders.people.persons.load(person_id)
    return Person.from_row(row) if row else None


def level_values(levels: list[RegionLevel] | None) -> tuple[RegionLevelValue, ...]:
    return tuple(RegionLevelValue[level.name] for level in levels or ())
