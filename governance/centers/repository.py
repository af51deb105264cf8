"""All SQL over governance centers and their staff."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from governance.centers.models import CenterStaffMember, GovernanceCenter
from governance.regions.codes import CODE_LENGTH_BY_LEVEL, RegionLevel, under


@dataclass(frozen=True, slots=True)
class CenterFilter:
    under_region: str | None = None
    levels: tuple[RegionLevel, ...] = ()
    include_ended: bool = False


def center_conditions(center_filter: CenterFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if center_filter.under_region is not None:
        conditions.append(under(GovernanceCenter.region_code, center_filter.under_region))
    if center_filter.levels:
        lengths = [CODE_LENGTH_BY_LEVEL[level] for level in center_filter.levels]
        conditions.append(func.length(GovernanceCenter.region_code).in_(lengths))
    if not center_filter.include_ended:
        conditions.append(GovernanceCenter.ended_on.is_(None))
    return conditions


async def center_of_region(session: AsyncSession, region_code: str) -> GovernanceCenter | None:
    """The region's center, open or closed (whoever may see it): a region has one at most."""
    statement = select(GovernanceCenter).where(GovernanceCenter.region_code == region_code)
    return (await session.scalars(statement)).one_or_none()


async def serving_staff(
    session: AsyncSession, center_id: int, person_id: int | None = None
) -> list[CenterStaffMember]:
    """Staff of the center not yet ended (of one person if given), locked in id order."""
    statement = select(CenterStaffMember).where(
        CenterStaffMember.center_id == center_id, CenterStaffMember.ended_on.is_(None)
    )
    if person_id is not None:
        statement = statement.where(CenterStaffMember.person_id == person_id)
    return list(await session.scalars(statement.order_by(CenterStaffMember.id).with_for_update()))
