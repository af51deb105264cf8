"""Batch loading of persons, households and household members."""

from __future__ import annotations

from typing import Any

from api.listing import ByValues, PartitionedPages, Reader
from governance.access.principal import Viewer
from governance.listing import Window
from governance.people.models import Household, Person
from governance.people.records import HOUSEHOLD_MEMBERS_MAX

MEMBERS_WINDOW = Window(sort=("id",), limit=HOUSEHOLD_MEMBERS_MAX)


def _no_conditions(_filter: Any) -> list[Any]:
    return []


class PeopleLoaders:
    def __init__(self, read: Reader, viewer: Viewer) -> None:
        self.persons = ByValues(read, Person.id, viewer)
        self.households = ByValues(read, Household.id, viewer)
        self.members = PartitionedPages(
            read, Person, Person.household_id, _no_conditions, viewer=viewer
        )

    async def members_of(self, household_id: int) -> list[Person]:
        return await self.members.pages.load((household_id, None, MEMBERS_WINDOW))
