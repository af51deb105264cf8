"""All SQL over indicator definitions, snapshots and designations (calculators: their module)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, String, bindparam, func, or_, select, tuple_
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.ext.asyncio import AsyncSession

from governance.indicators.models import (
    DesignationKind,
    IndicatorDefinition,
    IndicatorSnapshot,
    RegionDesignation,
)
from governance.regions.codes import RegionLevel, under, under_column
from governance.regions.models import Region

# A snapshot per month for ten years is 120 rows per indicator and region.
HISTORY_PERIODS_MAX = 120


async def definitions(session: AsyncSession) -> list[IndicatorDefinition]:
    statement = select(IndicatorDefinition).order_by(
        IndicatorDefinition.position, IndicatorDefinition.key
    )
    return list((await session.execute(statement)).scalars())


async def children(session: AsyncSession, codes: Sequence[str]) -> list[Region]:
    """Regions one level below each code (code order): one query for all codes."""
    parents = select(func.unnest(bindparam("codes", type_=ARRAY(String))).label("code")).subquery(
        "parents"
    )
    statement = (
        select(Region)
        .join(
            parents,
            under_column(Region.code, parents.c.code)
            & (func.length(Region.code) == func.length(parents.c.code) + 3),
        )
        .order_by(Region.code)
    )
    result = await session.execute(statement, {"codes": list(codes)})
    return list(result.scalars())


async def history(
    session: AsyncSession, keys: Sequence[tuple[str, str]]
) -> list[IndicatorSnapshot]:
    """Snapshots of (indicator key, region code) pairs, oldest first, the latest periods only."""
    position = (
        func.row_number()
        .over(
            partition_by=(IndicatorSnapshot.indicator_key, IndicatorSnapshot.region_code),
            order_by=IndicatorSnapshot.period.desc(),
        )
        .label("recent_position")
    )
    ranked = (
        select(IndicatorSnapshot.id, position)
        .where(tuple_(IndicatorSnapshot.indicator_key, IndicatorSnapshot.region_code).in_(keys))
        .subquery()
    )
    statement = (
        select(IndicatorSnapshot)
        .join(ranked, ranked.c.id == IndicatorSnapshot.id)
        .where(ranked.c.recent_position <= HISTORY_PERIODS_MAX)
        .order_by(IndicatorSnapshot.period)
    )
    return list((await session.execute(statement)).scalars())


async def upsert_snapshots(session: AsyncSession, rows: Sequence[dict[str, object]]) -> int:
    """Insert or replace the values of (indicator, region, period); return how many rows."""
    if not rows:
        return 0
    statement = insert(IndicatorSnapshot).values(list(rows))
    statement = statement.on_conflict_do_update(
        index_elements=["indicator_key", "region_code", "period"],
        set_={
            "numerator": statement.excluded.numerator,
            "denominator": statement.excluded.denominator,
            "value": statement.excluded.value,
            "taken_at": func.now(),
        },
    )
    await session.execute(statement)
    return len(rows)


async def regions_down_to_county(session: AsyncSession) -> list[Region]:
    """Every province, city and county, in code order (parents first)."""
    levels = (RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY)
    statement = select(Region).where(Region.level.in_(levels)).order_by(Region.code)
    return list((await session.execute(statement)).scalars())


async def top_regions(session: AsyncSession) -> list[Region]:
    """The roots of the tree: every county, or the province when one is loaded."""
    statement = select(Region).where(Region.parent_id.is_(None)).order_by(Region.code)
    return list((await session.execute(statement)).scalars())


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


async def overlapping_designation(
    session: AsyncSession, region_code: str, kind: DesignationKind, awarded_on: dt.date, own: int
) -> RegionDesignation | None:
    """Another award of ``kind`` to the region in force on a day from ``awarded_on`` on (a
    withdrawn one is in force through its withdrawal day)."""
    statement = select(RegionDesignation).where(
        RegionDesignation.region_code == region_code,
        RegionDesignation.kind == kind,
        RegionDesignation.id != own,
        or_(
            RegionDesignation.withdrawn_on.is_(None),
            RegionDesignation.withdrawn_on >= awarded_on,
            RegionDesignation.awarded_on >= awarded_on,
        ),
    )
    return (await session.scalars(statement.limit(1))).first()


@dataclass(frozen=True, slots=True)
class DesignationFilter:
    under_region: str | None = None
    kinds: tuple[DesignationKind, ...] = ()
    in_force_on: dt.date | None = None
    include_withdrawn: bool = False


def designation_conditions(designation_filter: DesignationFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if designation_filter.under_region is not None:
        conditions.append(under(RegionDesignation.region_code, designation_filter.under_region))
    if designation_filter.kinds:
        conditions.append(RegionDesignation.kind.in_(designation_filter.kinds))
    day = designation_filter.in_force_on
    if day is not None:
        conditions += [
            RegionDesignation.awarded_on <= day,
            or_(RegionDesignation.withdrawn_on.is_(None), RegionDesignation.withdrawn_on >= day),
        ]
    elif not designation_filter.include_withdrawn:
        conditions.append(RegionDesignation.withdrawn_on.is_(None))
    return conditions
