"""Demo residents: households spread over every village's grids, one county at a time."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from governance.people import repository
from governance.people.generator import COUNTY_RESIDENTS, VillagePlan, generate_residents
from governance.people.service import Progress, write_residents
from governance.regions import repository as regions_repository
from governance.regions.codes import RegionLevel, ancestor

DEMO_SEED = 20200306  # the day the county adopted its governance plan


@dataclass(frozen=True, slots=True)
class CountyPlan:
    """One county's villages and the residents it has at scale 1."""

    code: str
    villages: tuple[VillagePlan, ...]
    residents: int


async def village_plans(session: AsyncSession, root_code: str) -> list[VillagePlan]:
    """Every village under ``root_code`` (a county, or a province) with its grids."""
    villages = await regions_repository.descendants(session, root_code, RegionLevel.VILLAGE)
    grids = await regions_repository.descendants(session, root_code, RegionLevel.GRID)
    grid_codes: dict[str, list[str]] = defaultdict(list)
    for grid in grids:
        grid_codes[ancestor(grid.code, RegionLevel.VILLAGE)].append(grid.code)
    return [VillagePlan(v.code, v.name, tuple(grid_codes[v.code])) for v in villages]


def county_plans(
    villages: Sequence[VillagePlan], residents: int, first: str | None = None
) -> list[CountyPlan]:
    """``villages`` by county. ``first`` (the demo county) leads with ``COUNTY_RESIDENTS``, as
    when loaded alone, so its people get the lowest ids and are the very same; the other
    counties share the rest of ``residents`` in proportion to their grids (as
    ``generate_residents`` shares a county's among its villages), in code order."""
    by_county: dict[str, list[VillagePlan]] = defaultdict(list)
    for village in villages:
        by_county[ancestor(village.code, RegionLevel.COUNTY)].append(village)
    others = [code for code in sorted(by_county) if code != first]
    weight = {code: sum(_weight(v) for v in by_county[code]) for code in others}
    rest = residents - (COUNTY_RESIDENTS if first in by_county else 0)
    total = sum(weight.values())
    leading: list[CountyPlan] = []
    if first is not None and first in by_county:
        leading = [CountyPlan(first, tuple(by_county[first]), COUNTY_RESIDENTS)]
    return leading + [
        CountyPlan(code, tuple(by_county[code]), round(rest * weight[code] / total))
        for code in others
    ]


def _weight(village: VillagePlan) -> int:
    return max(1, len(village.grid_codes))


def county_seed(seed: int, county_code: str, first: str | None) -> int:
    """The generator's seed for a county: ``seed`` itself for the first (the demo county, so its
    people are the same whether loaded alone or in a province), else derived from the code."""
    return seed if county_code == first else seed * 1_000_000 + int(county_code)


async def load_residents(
    session: AsyncSession, county_code: str, scale: float, today: dt.date, progress: Progress
) -> int:
    """Residents at ``scale`` of the county's population; nothing if residents exist already."""
    if await repository.any_person(session):
        return 0
    plans = await village_plans(session, county_code)
    county = CountyPlan(county_code, tuple(plans), COUNTY_RESIDENTS)
    return await _load_county(
        session, county, seed=DEMO_SEED, scale=scale, today=today, progress=progress
    )


async def load_residents_under(
    session: AsyncSession,
    root_code: str,
    residents: int,
    scale: float,
    today: dt.date,
    *,
    progress: Progress,
    first: str | None = None,
) -> int:
    """Residents at ``scale`` in every village under ``root_code`` (a province: ``residents``
    at scale 1), county by county (a county's people are generated, then COPYed, so memory
    holds one county). A county that has residents already is skipped: re-running adds
    nothing, and a county loaded alone before keeps its people."""
    plans = county_plans(await village_plans(session, root_code), residents, first)
    loaded = 0
    for county in plans:
        if await repository.any_person_under(session, county.code):
            continue
        seed = county_seed(DEMO_SEED, county.code, first)
        loaded += await _load_county(
            session, county, seed=seed, scale=scale, today=today, progress=progress
        )
    return loaded


async def _load_county(
    session: AsyncSession,
    county: CountyPlan,
    *,
    seed: int,
    scale: float,
    today: dt.date,
    progress: Progress,
) -> int:
    records = generate_residents(county.villages, scale, seed, today, county.residents)
    counts = await write_residents(session, records, progress)
    return counts.persons
