"""The hub nodes every area points at — `Region`, `Person` (composed in ``api.nodes`` from
each area's fields) and `Household` — referenced lazily, and built from rows or keys.

Their modules import the areas, so an area cannot import them: it annotates with the lazy
aliases below and builds through these helpers, which look the class up when first called.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types.lazy_type import LazyType

from api.context import Info
from governance.people.models import Household as HouseholdRow
from governance.people.models import Person as PersonRow
from governance.regions.models import Region as RegionRow
from governance.regions.repository import RegionRecord

if TYPE_CHECKING:
    from api.nodes import Person, PersonNode, Region, RegionNode
    from api.people.types import Household, HouseholdNode
else:
    # At run time the names are lazy references, resolved when the schema is built. They
    # point at the classes' second names (``RegionNode``…): a reference to "Region" would be
    # evaluated in the modules that use it, where `Region` is this reference again.
    Region = Annotated["RegionNode", strawberry.lazy("api.nodes")]
    Person = Annotated["PersonNode", strawberry.lazy("api.nodes")]
    Household = Annotated["HouseholdNode", strawberry.lazy("api.people.types")]

__all__ = ["Household", "Person", "Region"]


@cache
def _hub(name: str, module: str) -> Any:
    """The class once resolved: resolving stats the module's file (``Path.samefile``), which
    cost ~15 % of a 331-region read when done per row."""
    return LazyType(name, module, None).resolve_type()


def region_from_row(row: RegionRow | RegionRecord) -> Region:
    region: type[Region] = _hub("RegionNode", "api.nodes")
    return region.from_row(row)


def person_from_row(row: PersonRow) -> Person:
    person: type[Person] = _hub("PersonNode", "api.nodes")
    return person.from_row(row)


def household_from_row(row: HouseholdRow) -> Household:
    household: type[Household] = _hub("HouseholdNode", "api.people.types")
    return household.from_row(row)


async def region_by_code(info: Info, code: str) -> Region:
    row = await info.context.loaders.regions.by_code.load(code)
    assert row is not None, "region codes are foreign keys"
    return region_from_row(row)


async def region_by_id(info: Info, region_id: int) -> Region | None:
    row = await info.context.loaders.regions.by_id.load(region_id)
    return region_from_row(row) if row else None


async def person_by_id(info: Info, person_id: int) -> Person | None:
    """The person, or None when the viewer may not see them (persons are scoped)."""
    row = await info.context.loaders.people.persons.load(person_id)
    return person_from_row(row) if row else None


async def household_by_id(info: Info, household_id: int) -> Household | None:
    """The household, or None when the viewer may not see it (households are scoped)."""
    row = await info.context.loaders.people.households.load(household_id)
    return household_from_row(row) if row else None
