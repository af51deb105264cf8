"""Demo residents: households spread over every village's grids, one county at a time."""

from __future__ import annotations

import asyncio
import datetime as dt
import multiprocessing
import os
from collections import defaultdict, deque
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from governance.people import repository
from governance.people.generator import COUNTY_RESIDENTS, VillagePlan, generate_residents
from governance.people.records import ResidentRecord
from governance.people.service import Progress, write_residents
from governance.regions import repository as regions_repository
from governance.regions.codes import RegionLevel, ancestor

DEMO_SEED = 20200306  # the day the county adopted its governance plan
# Generating is Python (~10-20k persons/s a core) and about as slow as the database's COPY:
# other processes generate the next counties while this one writes.
GENERATOR_PROCESSES_MAX = 4


@dataclass(frozen=True, slots=True)
class CountyPlan:
    """One county's villages and the residents it has at scale 1."""

    code: str
    villages: tuple[VillagePlan, ...]
    residents: int


async def village_plans(session: AsyncSession, root_code: str) -> list[VillagePlan]:
    """Every village under ``root_code`` (a county, or a province) with its grids."""
    villages = await regions_repository.codes_and_names(session, root_code, RegionLevel.VILLAGE)
    grids = await regions_repository.codes_and_names(session, root_code, RegionLevel.GRID)
    grid_codes: dict[str, list[str]] = defaultdict(list)
    for grid_code, _name in grids:
        grid_codes[ancestor(grid_code, RegionLevel.VILLAGE)].append(grid_code)
    return [VillagePlan(code, name, tuple(grid_codes[code])) for code, name in villages]


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
    plans = [
        county
        for county in county_plans(await village_plans(session, root_code), residents, first)
        if not await repository.any_person_under(session, county.code)
    ]
    if not plans:
        return 0
    workers = max(1, min(GENERATOR_PROCESSES_MAX, (os.cpu_count() or 2) - 1, len(plans)))
    # "fork": a child has the code already, and touches none of the loop or connections it
    # inherits (it only generates). "spawn" would re-run an unguarded calling script's main.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    loop = asyncio.get_running_loop()
    loaded = 0
    pool = ProcessPoolExecutor(workers, mp_context=context)
    try:
        pending: deque[asyncio.Future[list[ResidentRecord]]] = deque()
        for county in plans:
            seed = county_seed(DEMO_SEED, county.code, first)
            arguments = (county.villages, scale, seed, today, county.residents)
            pending.append(loop.run_in_executor(pool, generate_residents, *arguments))
            # Counties are written in order (ids follow it); at most 2 per worker wait in memory.
            if len(pending) > 2 * workers:
                loaded += await _write(session, await pending.popleft(), progress)
        while pending:
            loaded += await _write(session, await pending.popleft(), progress)
    finally:
        pool.shutdown(cancel_futures=True)  # on a failure, generate nothing more
    return loaded


async def _write(
    session: AsyncSession, records: Sequence[ResidentRecord], progress: Progress
) -> int:
    return (await write_residents(session, records, progress)).persons


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
