"""Goal: ``load_demo(divisions=HEBEI)`` writes a province's tree (province, cities, counties,
townships, villages, grids by the county plan's rule) with residents in every village, keeps
Fengning's demo as when loaded alone, and a second run adds nothing.

Method: load two counties cut from the real Hebei file (Fengning, 承德市, and 北戴河区,
秦皇岛市: two subdistricts) into a fresh migrated database through ``load_demo``, then count
with SQL. A Fengning-only load before the province hangs the county under its city.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import aliased

from governance.demo import Divisions, load_demo
from governance.people.models import Person
from governance.regions.codes import RegionLevel, ancestor, parent_code
from governance.regions.divisions import plan_grids, read_province
from governance.regions.models import Region
from governance.regions.service import load_fengning
from kit.database import session_scope

TWO_COUNTIES = Path(__file__).parent / "regions" / "hebei_two_counties.csv"
SCALE = 0.002


async def _load(session_factory: async_sessionmaker[AsyncSession]) -> dict[str, int]:
    async with session_scope(session_factory) as session:
        return await load_demo(session, SCALE, divisions=Divisions.HEBEI, province_csv=TWO_COUNTIES)


async def _levels(session: AsyncSession) -> dict[RegionLevel, int]:
    rows = await session.execute(select(Region.level, func.count()).group_by(Region.level))
    return {RegionLevel(level): count for level, count in rows.all()}


def test_the_file_reads_into_the_chain_above_each_village() -> None:
    divisions = read_province(TWO_COUNTIES)
    by_code = {division.code: division for division in divisions}
    assert by_code["13"].name == "河北省"
    assert by_code["1308"].name == "承德市"
    assert by_code["1303"].parent_code == "13"
    assert by_code["130826"].parent_code == "1308"
    assert all(
        d.parent_code == parent_code(d.code) and d.parent_code in by_code
        for d in divisions
        if d.level is not RegionLevel.PROVINCE
    )
    grids = plan_grids(divisions)
    fengning = [grid for grid in grids if grid.code.startswith("130826")]
    assert len(fengning) == 797  # the county plan, as for Fengning alone
    assert len([grid for grid in fengning if grid.code.startswith("130826001")]) == 421


async def test_a_province_loads_every_level_with_residents_in_every_village(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    counts = await _load(session_factory)
    divisions = read_province(TWO_COUNTIES)
    grids = plan_grids(divisions)
    assert counts["regions"] == len(divisions) + len(grids)
    async with session_scope(session_factory) as session:
        levels = await _levels(session)
        assert levels == {
            RegionLevel.PROVINCE: 1,
            RegionLevel.CITY: 2,
            RegionLevel.COUNTY: 2,
            RegionLevel.TOWNSHIP: 27 + 5,
            RegionLevel.VILLAGE: 323 + 55,
            RegionLevel.GRID: len(grids),
        }
        parent = aliased(Region)
        linked = await session.scalar(
            select(func.count(Region.id))
            .join(parent, Region.parent_id == parent.id)
            .where(func.length(parent.code) < func.length(Region.code))
            .where(func.substr(Region.code, 1, func.length(parent.code)) == parent.code)
        )
        assert linked == sum(levels.values()) - 1  # every region but the province under its parent
        villages = set(
            await session.scalars(select(Region.code).where(Region.level == RegionLevel.VILLAGE))
        )
        with_grids = {ancestor(grid.code, RegionLevel.VILLAGE) for grid in grids}
        assert with_grids == villages  # every village has a grid
        lived_in = set(
            await session.scalars(select(func.distinct(func.substr(Person.region_code, 1, 12))))
        )
        assert lived_in == villages
        persons = await session.scalar(select(func.count(Person.id)))
        assert persons == counts["persons"]
        fengning = await session.scalar(
            select(func.count(Person.id)).where(Person.region_code.startswith("130826"))
        )
        assert fengning is not None
        assert persons > fengning > 0
        first = await session.scalar(select(Person.region_code).where(Person.id == 1))
        assert first is not None
        assert first.startswith("130826")  # the demo's resident (person 1) lives in Fengning
    assert counts["users"] > 0  # the rest of the demo, in Fengning
    assert counts["points_schemes"] == 1

    again = await _load(session_factory)
    assert set(again.values()) == {0}
    async with session_scope(session_factory) as session:
        assert await _levels(session) == levels
        assert await session.scalar(select(func.count(Person.id))) == persons


async def test_fengning_loaded_alone_before_is_hung_under_its_city(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_scope(session_factory) as session:
        await load_fengning(session)
    counts = await _load(session_factory)
    async with session_scope(session_factory) as session:
        county = await session.scalar(select(Region).where(Region.code == "130826"))
        city = await session.scalar(select(Region).where(Region.code == "1308"))
        assert county is not None
        assert city is not None
        assert county.parent_id == city.id
        roots = await session.scalars(select(Region.code).where(Region.parent_id.is_(None)))
        assert list(roots) == ["13"]
    assert counts["persons"] > 0
