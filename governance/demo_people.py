"""Picking demo people for posts: adults of a region, deterministically."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Sequence

from governance.people.repository import Resident
from governance.regions.codes import RegionLevel, ancestor

ADULT_AGE_YEARS = 18


class Pool:
    """Adult residents by the codes of their village, township and county."""

    def __init__(self, people: Sequence[Resident], today: dt.date, rng: random.Random) -> None:
        born_before = today.replace(year=today.year - ADULT_AGE_YEARS)
        self._rng = rng
        self._by_prefix: dict[str, list[Resident]] = defaultdict(list)
        for person in people:
            if person.birth_date <= born_before:
                for level in (RegionLevel.COUNTY, RegionLevel.TOWNSHIP, RegionLevel.VILLAGE):
                    self._by_prefix[ancestor(person.region_code, level)].append(person)

    def pick(self, region_code: str) -> Resident:
        people = (
            self._by_prefix.get(region_code)
            or self._by_prefix[ancestor(region_code, RegionLevel.COUNTY)]
        )
        assert people, f"no adult residents under {region_code}"
        return self._rng.choice(people)
