"""All SQL over mediation committees and mediators."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from governance.mediation.models import MediationCommittee, Mediator, MediatorRole
from governance.regions.codes import CODE_LENGTH_BY_LEVEL, RegionLevel, under


async def open_committee(session: AsyncSession, region_code: str) -> MediationCommittee | None:
    """The region's open committee (at most one: a partial unique index)."""
    statement = select(MediationCommittee).where(
        MediationCommittee.region_code == region_code, MediationCommittee.ended_on.is_(None)
    )
    return (await session.scalars(statement)).one_or_none()


async def serving_mediator(
    session: AsyncSession, committee_id: int, person_id: int
) -> Mediator | None:
    """The person's running term on the committee, if any."""
    statement = select(Mediator).where(
        Mediator.committee_id == committee_id,
        Mediator.person_id == person_id,
        Mediator.ended_on.is_(None),
    )
    return (await session.scalars(statement.limit(1))).one_or_none()


async def lock_serving_mediators(session: AsyncSession, committee_id: int) -> list[Mediator]:
    statement = (
        select(Mediator)
        .where(Mediator.committee_id == committee_id, Mediator.ended_on.is_(None))
        .order_by(Mediator.id)
        .with_for_update()
    )
    return list((await session.scalars(statement)).all())


@dataclass(frozen=True, slots=True)
class CommitteeFilter:
    under_region: str | None = None
    levels: tuple[RegionLevel, ...] = ()
    include_closed: bool = False


@dataclass(frozen=True, slots=True)
class MediatorFilter:
    under_region: str | None = None
    roles: tuple[MediatorRole, ...] = ()
    full_time: bool | None = None
    gold_medal: bool | None = None


def committee_conditions(committee_filter: CommitteeFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if not committee_filter.include_closed:
        conditions.append(MediationCommittee.ended_on.is_(None))
    if committee_filter.under_region is not None:
        code = committee_filter.under_region
        conditions.append(under(MediationCommittee.region_code, code))
    if committee_filter.levels:
        lengths = [CODE_LENGTH_BY_LEVEL[level] for level in committee_filter.levels]
        conditions.append(func.length(MediationCommittee.region_code).in_(lengths))
    return conditions


def mediator_conditions(mediator_filter: MediatorFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [Mediator.ended_on.is_(None)]
    if mediator_filter.under_region is not None:
        conditions.append(under(Mediator.region_code, mediator_filter.under_region))
    if mediator_filter.roles:
        conditions.append(Mediator.role.in_(mediator_filter.roles))
    if mediator_filter.full_time is not None:
        conditions.append(Mediator.full_time.is_(mediator_filter.full_time))
    if mediator_filter.gold_medal is not None:
        conditions.append(Mediator.gold_medal.is_(mediator_filter.gold_medal))
    return conditions
