"""Demo residents for Fengning: households spread over every village's grids."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy.ext.asyncio import AsyncSession

from governance.people import repository
from governance.people.generator import VillagePlan, generate_residents
from governance.people.service import Progress, write_residents
from governance.regions import repository as regions_repository
from governance.regions.codes import RegionLevel, ancestor

DEMO_SEED = 20200306  # the day the county adopted its governance plan


async def village_plans(session: AsyncSession, county_code: str) -> list[VillagePlan]:
    villages = await regions_repository.descendants(session, county_code, RegionLevel.VILLAGE)
    grids = await regions_repository.descendants(session, county_code, RegionLevel.GRID)
    grid_codes: dict[str, list[str]] = defaultdict(list)
    for grid in grids:
        grid_codes[ancestor(grid.code, RegionLevel.VILLAGE)].append(grid.code)
    return [VillagePlan(v.code, v.name, tuple(grid_codes[v.code])) for v in villages]


async def load_residents(
    session: AsyncSession, county_code: str, scale: float, today: dt.date, progress: Progress
) -> int:
    """Residents at ``scale`` of the county's population; nothing if residents exist already."""
    if await repository.any_person(session):
        return 0
    plans = await village_plans(session, county_code)
    records = generate_residents(plans, scale, DEMO_SEED, today)
    counts = await write_residents(session, records, progress)
    return counts.persons
