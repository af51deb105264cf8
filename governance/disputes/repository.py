"""All SQL over dispute cases: filters, locking, mediator statistics and lawsuit counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.principal import Viewer
from governance.access.visibility import register_read_rule
from governance.disputes.models import (
    DisputeCase,
    DisputeCaseMediator,
    DisputeParty,
    DisputeSource,
    DisputeStatus,
    DisputeTransition,
    DisputeType,
    MediationSession,
    Referral,
)
from governance.mediation.models import MediationCommittee, Mediator
from governance.people.models import Person
from governance.regions.codes import RegionLevel, under
from governance.regions.models import Region
from governance.workflows.common import scope_condition

CONCLUDED_STATUSES = (
    DisputeStatus.AGREED,
    DisputeStatus.FAILED,
    DisputeStatus.REFERRED,
    DisputeStatus.WITHDRAWN,
)


@dataclass(frozen=True, slots=True)
class CaseFilter:
    under_region: str | None = None
    statuses: tuple[DisputeStatus, ...] = ()
    types: tuple[DisputeType, ...] = ()
    sources: tuple[DisputeSource, ...] = ()
    registered_from: dt.date | None = None
    registered_to: dt.date | None = None
    committee_id: int | None = None


def case_conditions(case_filter: CaseFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if case_filter.under_region is not None:
        conditions.append(under(DisputeCase.region_code, case_filter.under_region))
    if case_filter.statuses:
        conditions.append(DisputeCase.status.in_(case_filter.statuses))
    if case_filter.types:
        conditions.append(DisputeCase.dispute_type.in_(case_filter.types))
    if case_filter.sources:
        conditions.append(DisputeCase.source.in_(case_filter.sources))
    if case_filter.registered_from is not None:
        conditions.append(DisputeCase.registered_on >= case_filter.registered_from)
    if case_filter.registered_to is not None:
        conditions.append(DisputeCase.registered_on <= case_filter.registered_to)
    if case_filter.committee_id is not None:
        conditions.append(DisputeCase.committee_id == case_filter.committee_id)
    return conditions


def visible_to(viewer: Viewer) -> ColumnElement[bool]:
    return scope_condition(DisputeCase.region_code, viewer)


async def lock(session: AsyncSession, case_id: int) -> DisputeCase | None:
    statement = select(DisputeCase).where(DisputeCase.id == case_id).with_for_update()
    return (await session.execute(statement)).scalar_one_or_none()


async def case_mediator_ids(session: AsyncSession, case_id: int) -> set[int]:
    statement = select(DisputeCaseMediator.mediator_id).where(
        DisputeCaseMediator.case_id == case_id
    )
    return set((await session.execute(statement)).scalars())


async def committee_mediators(
    session: AsyncSession, committee_id: int, mediator_ids: Sequence[int]
) -> set[int]:
    """Which of ``mediator_ids`` currently serve on the committee."""
    statement = select(Mediator.id).where(
        Mediator.committee_id == committee_id,
        Mediator.id.in_(mediator_ids),
        Mediator.ended_on.is_(None),
    )
    return set((await session.execute(statement)).scalars())


async def session_count(session: AsyncSession, case_id: int) -> int:
    statement = select(func.count()).where(MediationSession.case_id == case_id)
    return int(await session.scalar(statement) or 0)


@dataclass(frozen=True, slots=True)
class MediatorTally:
    mediator_id: int
    cases: int
    concluded: int
    agreements: int


async def mediator_tallies(
    session: AsyncSession,
    scope: ColumnElement[bool],
    registered_from: dt.date | None,
    registered_to: dt.date | None,
    limit: int,
) -> list[MediatorTally]:
    """Cases per mediator, best first (most agreements, then most cases), one query."""
    concluded = func.count().filter(DisputeCase.status.in_(CONCLUDED_STATUSES))
    agreements = func.count().filter(DisputeCase.status == DisputeStatus.AGREED)
    statement = (
        select(DisputeCaseMediator.mediator_id, func.count(), concluded, agreements)
        .join(DisputeCase, DisputeCase.id == DisputeCaseMediator.case_id)
        .where(scope, *_registered_between(registered_from, registered_to))
        .group_by(DisputeCaseMediator.mediator_id)
        .order_by(agreements.desc(), func.count().desc(), DisputeCaseMediator.mediator_id)
        .limit(limit)
    )
    rows = (await session.execute(statement)).all()
    return [MediatorTally(int(m), int(c), int(k), int(a)) for m, c, k, a in rows]


def _registered_between(start: dt.date | None, end: dt.date | None) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if start is not None:
        conditions.append(DisputeCase.registered_on >= start)
    if end is not None:
        conditions.append(DisputeCase.registered_on <= end)
    return conditions


def _lawsuit_between(start: dt.date, end: dt.date) -> ColumnElement[bool]:
    return and_(
        DisputeCase.referral == Referral.LITIGATION,
        DisputeCase.concluded_on >= start,
        DisputeCase.concluded_on <= end,
    )


async def lawsuits_by_village(
    session: AsyncSession, parent_code: str, start: dt.date, end: dt.date
) -> list[tuple[Region, int]]:
    """Every village under ``parent_code`` with its cases referred to litigation."""
    village = func.substr(DisputeCase.region_code, 1, 12)
    counts = (
        select(village.label("village_code"), func.count().label("lawsuits"))
        .where(under(DisputeCase.region_code, parent_code), _lawsuit_between(start, end))
        .group_by(village)
        .subquery()
    )
    statement = (
        select(Region, func.coalesce(counts.c.lawsuits, 0))
        .outerjoin(counts, counts.c.village_code == Region.code)
        .where(Region.level == RegionLevel.VILLAGE, under(Region.code, parent_code))
        .order_by(Region.code)
    )
    return [(region, int(total)) for region, total in (await session.execute(statement)).all()]


@dataclass(frozen=True, slots=True)
class TownshipLawsuits:
    township: Region
    lawsuits: int
    residents: int


async def lawsuits_by_township(
    session: AsyncSession, county_code: str, start: dt.date, end: dt.date
) -> list[TownshipLawsuits]:
    """Each township of the county: lawsuits referred in the period and registered residents."""
    township_of_case = func.substr(DisputeCase.region_code, 1, 9)
    lawsuits = (
        select(township_of_case.label("code"), func.count().label("total"))
        .where(under(DisputeCase.region_code, county_code), _lawsuit_between(start, end))
        .group_by(township_of_case)
        .subquery()
    )
    township_of_person = func.substr(Person.region_code, 1, 9)
    residents = (
        select(township_of_person.label("code"), func.count().label("total"))
        .where(
            under(Person.region_code, county_code),
            # Residents in force at the period's end: born by then, not ended before it.
            Person.birth_date <= end,
            or_(Person.ended_on.is_(None), Person.ended_on >= end),
        )
        .group_by(township_of_person)
        .subquery()
    )
    statement = (
        select(
            Region,
            func.coalesce(lawsuits.c.total, 0),
            func.coalesce(residents.c.total, 0),
        )
        .outerjoin(lawsuits, lawsuits.c.code == Region.code)
        .outerjoin(residents, residents.c.code == Region.code)
        .where(Region.level == RegionLevel.TOWNSHIP, under(Region.code, county_code))
        .order_by(Region.code)
    )
    rows = (await session.execute(statement)).all()
    return [TownshipLawsuits(region, int(total), int(people)) for region, total, people in rows]


async def committees_with_mediators(session: AsyncSession) -> dict[str, tuple[int, list[int]]]:
    """Region code → (committee id, serving mediator ids in order): for demo data."""
    statement = (
        select(MediationCommittee.region_code, MediationCommittee.id, Mediator.id)
        .join(Mediator, Mediator.committee_id == MediationCommittee.id)
        .where(Mediator.ended_on.is_(None))
        .order_by(MediationCommittee.region_code, Mediator.id)
    )
    found: dict[str, tuple[int, list[int]]] = {}
    for code, committee_id, mediator_id in (await session.execute(statement)).all():
        found.setdefault(code, (committee_id, []))[1].append(mediator_id)
    return found


register_read_rule(DisputeCase, visible_to)


def _case_part_visible_to(column: Any) -> Callable[[Viewer], ColumnElement[bool]]:
    """Parties, mediators, sessions and transitions are readable when their case is."""

    def condition(viewer: Viewer) -> ColumnElement[bool]:
        visible: ColumnElement[bool] = column.in_(select(DisputeCase.id).where(visible_to(viewer)))
        return visible

    return condition


for _part in (DisputeParty, DisputeCaseMediator, MediationSession, DisputeTransition):
    register_read_rule(_part, _case_part_visible_to(_part.case_id))
