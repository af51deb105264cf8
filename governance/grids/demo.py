"""Demo grid workers: every grid gets at least one, following the county plan.

In towns and townships each grid has a village cadre (the Party secretary for the village's
first grid, a villager-group leader or representative for the others) and one of four
township officials. In the subdistrict each grid has a volunteer drawn from veteran Party
members, retired cadres and workers, or unemployed residents.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from governance.grids import repository
from governance.grids.models import GridDuty, GridRole, VolunteerSource
from governance.people import repository as people_repository
from governance.people.repository import Resident
from governance.regions import repository as regions_repository
from governance.regions.codes import RegionLevel, ancestor
from governance.regions.divisions import FENGNING_GRIDS_BY_TOWNSHIP

ADULT_AGE_YEARS = 18
TOWNSHIP_OFFICIAL_ROLES = (
    GridRole.TOWNSHIP_PARTY_SECRETARY,
    GridRole.TOWNSHIP_HEAD,
    GridRole.POLITICAL_LEGAL_SECRETARY,
    GridRole.JUSTICE_OFFICE_HEAD,
)
SOURCE_BY_TAG = {
    "VETERAN_PARTY_MEMBER": VolunteerSource.VETERAN_PARTY_MEMBER,
    "RETIRED_CADRE_OR_WORKER": VolunteerSource.RETIRED_CADRE_OR_WORKER,
    "UNEMPLOYED": VolunteerSource.UNEMPLOYED,
}
ASSIGNMENTS_STARTED_ON = dt.date(2020, 3, 6)


def adults_by_village(people: Sequence[Resident], today: dt.date) -> dict[str, list[Resident]]:
    born_before = today.replace(year=today.year - ADULT_AGE_YEARS)
    found: dict[str, list[Resident]] = defaultdict(list)
    for person in people:
        if person.birth_date <= born_before:
            found[ancestor(person.region_code, RegionLevel.VILLAGE)].append(person)
    return found


async def load_grid_workers(
    session: AsyncSession, county_code: str, seed: int, today: dt.date
) -> int:
    if await repository.any_assignment(session):
        return 0
    rng = random.Random(seed)  # noqa: S311  (demo data must be reproducible, not secret)
    adults = adults_by_village(await people_repository.residents(session, county_code), today)
    grids = await regions_repository.descendants(session, county_code, RegionLevel.GRID)
    officials = _township_officials(rng, adults)
    rows: list[dict[str, Any]] = []
    # Officials take the township's grids in turn, so each covers about a quarter of them.
    turns: Counter[str] = Counter()
    for grid in grids:
        township = ancestor(grid.code, RegionLevel.TOWNSHIP)
        turn = turns[township]
        turns[township] += 1
        rows += _workers_of(
            rng,
            grid.code,
            adults.get(ancestor(grid.code, RegionLevel.VILLAGE), []),
            officials,
            turn,
        )
    return await repository.insert_many(session, rows)


def _township_officials(
    rng: random.Random, adults: dict[str, list[Resident]]
) -> dict[str, list[tuple[GridRole, Resident]]]:
    by_township: dict[str, list[Resident]] = defaultdict(list)
    for village_code, people in adults.items():
        by_township[ancestor(village_code, RegionLevel.TOWNSHIP)] += people
    return {
        township: [(role, rng.choice(people)) for role in TOWNSHIP_OFFICIAL_ROLES]
        for township, people in by_township.items()
        if township not in FENGNING_GRIDS_BY_TOWNSHIP and people
    }


def _workers_of(
    rng: random.Random,
    grid_code: str,
    adults: Sequence[Resident],
    officials: dict[str, list[tuple[GridRole, Resident]]],
    turn: int,
) -> list[dict[str, Any]]:
    assert adults, f"village of grid {grid_code} has no adult residents"
    if ancestor(grid_code, RegionLevel.TOWNSHIP) in FENGNING_GRIDS_BY_TOWNSHIP:
        return [_volunteer(rng, grid_code, adults)]
    number = int(grid_code[12:])
    village_role = (
        GridRole.VILLAGE_PARTY_SECRETARY
        if number == 1
        else rng.choice((GridRole.VILLAGER_GROUP_LEADER, GridRole.VILLAGER_REPRESENTATIVE))
    )
    role, official = officials[ancestor(grid_code, RegionLevel.TOWNSHIP)][
        turn % len(TOWNSHIP_OFFICIAL_ROLES)
    ]
    return [
        _row(grid_code, rng.choice(adults).id, village_role, None, tuple(GridDuty)),
        _row(grid_code, official.id, role, None, (GridDuty.INFORMATION_AND_PUBLICITY,)),
    ]


def _volunteer(rng: random.Random, grid_code: str, adults: Sequence[Resident]) -> dict[str, Any]:
    eligible = [person for person in adults if set(person.tags) & SOURCE_BY_TAG.keys()]
    person = rng.choice(eligible or list(adults))
    sources = [SOURCE_BY_TAG[tag] for tag in person.tags if tag in SOURCE_BY_TAG]
    source = sources[0] if sources else rng.choice(list(VolunteerSource))
    return _row(grid_code, person.id, GridRole.VOLUNTEER, source, tuple(GridDuty))


def _row(
    grid_code: str,
    person_id: int,
    role: GridRole,
    source: VolunteerSource | None,
    duties: Sequence[GridDuty],
) -> dict[str, Any]:
    return {
        "region_code": grid_code,
        "person_id": person_id,
        "role": role,
        "volunteer_source": source,
        "duties": [duty.value for duty in duties],
        "started_on": ASSIGNMENTS_STARTED_ON,
        "ended_on": None,
    }
