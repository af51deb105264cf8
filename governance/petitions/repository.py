"""All SQL over petitions, visits, hearings and reception days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.principal import Viewer
from governance.access.roles import ADMIN_ROLES
from governance.access.visibility import register_read_rule
from governance.petitions.machine import ANSWERED_STATUSES, PENDING_STATUSES
from governance.petitions.models import (
    HearingKind,
    Petition,
    Petitioner,
    PetitionHearing,
    PetitionStatus,
    PetitionTransition,
    PetitionVisit,
    ReceptionDay,
)
from governance.regions.codes import under
from governance.workflows.common import scope_condition


@dataclass(frozen=True, slots=True)
class PetitionFilter:
    under_region: str | None = None
    statuses: tuple[PetitionStatus, ...] = ()
    major: bool | None = None
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    overdue: bool | None = None
    today: dt.date | None = None


def overdue_condition(today: dt.date) -> ColumnElement[bool]:
    return Petition.status.in_(PENDING_STATUSES) & (Petition.due_on < today)


def petition_conditions(petition_filter: PetitionFilter) -> list[ColumnElement[bool]]:
    f = petition_filter
    conditions: list[ColumnElement[bool]] = []
    if f.under_region is not None:
        conditions.append(under(Petition.region_code, f.under_region))
    if f.statuses:
        conditions.append(Petition.status.in_(f.statuses))
    if f.major is not None:
        conditions.append(Petition.major.is_(f.major))
    if f.received_from is not None:
        conditions.append(Petition.received_on >= f.received_from)
    if f.received_to is not None:
        conditions.append(Petition.received_on <= f.received_to)
    if f.overdue is not None:
        assert f.today is not None, "overdue is relative to the clock"
        overdue = overdue_condition(f.today)
        conditions.append(overdue if f.overdue else ~overdue)
    return conditions


def visible_to(viewer: Viewer, region_code_column: Any) -> ColumnElement[bool]:
    """Petitions are for administrators (petition staff sit in the governance centers)."""
    return scope_condition(region_code_column, viewer, roles=ADMIN_ROLES)


async def lock(session: AsyncSession, petition_id: int) -> Petition | None:
    statement = select(Petition).where(Petition.id == petition_id).with_for_update()
    return (await session.execute(statement)).scalar_one_or_none()


@dataclass(frozen=True, slots=True)
class OneTrip:
    resolved: int
    resolved_with_one_visit: int


async def one_trip(
    session: AsyncSession, conditions: list[ColumnElement[bool]], start: dt.date, end: dt.date
) -> OneTrip:
    """Matters settled by a written answer in the period, and how many took a single visit."""
    statement = select(func.count(), func.count().filter(Petition.visits_count == 1)).where(
        *conditions,
        Petition.status.in_(ANSWERED_STATUSES),
        Petition.resolved.is_(True),
        Petition.replied_on >= start,
        Petition.replied_on <= end,
    )
    resolved, single = (await session.execute(statement)).one()
    return OneTrip(int(resolved), int(single))


async def hearings_by_county_month(
    session: AsyncSession, scope: ColumnElement[bool], start: dt.date, end: dt.date
) -> dict[tuple[str, dt.date], dict[HearingKind, int]]:
    """Hearings and consultations per (county code, first day of month)."""
    county = func.substr(PetitionHearing.region_code, 1, 6)
    month = func.date_trunc("month", PetitionHearing.held_on).cast(PetitionHearing.held_on.type)
    statement = (
        select(county, month, PetitionHearing.kind, func.count())
        .where(scope, PetitionHearing.held_on >= start, PetitionHearing.held_on <= end)
        .group_by(county, month, PetitionHearing.kind)
    )
    found: dict[tuple[str, dt.date], dict[HearingKind, int]] = {}
    for code, first_day, kind, total in (await session.execute(statement)).all():
        found.setdefault((code, first_day), {})[kind] = int(total)
    return found


@dataclass(frozen=True, slots=True)
class HeldFilter:
    """Hearings or reception days: where, which kind (hearings only), when."""

    under_region: str | None = None
    kinds: tuple[HearingKind, ...] = ()
    held_from: dt.date | None = None
    held_to: dt.date | None = None


def hearing_conditions(held_filter: HeldFilter) -> list[ColumnElement[bool]]:
    conditions = _held_conditions(PetitionHearing, held_filter)
    if held_filter.kinds:
        conditions.append(PetitionHearing.kind.in_(held_filter.kinds))
    return conditions


def reception_conditions(held_filter: HeldFilter) -> list[ColumnElement[bool]]:
    return _held_conditions(ReceptionDay, held_filter)


def _held_conditions(
    model: type[PetitionHearing | ReceptionDay], f: HeldFilter
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if f.under_region is not None:
        conditions.append(under(model.region_code, f.under_region))
    if f.held_from is not None:
        conditions.append(model.held_on >= f.held_from)
    if f.held_to is not None:
        conditions.append(model.held_on <= f.held_to)
    return conditions


def _petitions_visible_to(viewer: Viewer) -> ColumnElement[bool]:
    return visible_to(viewer, Petition.region_code)


def _hearings_visible_to(viewer: Viewer) -> ColumnElement[bool]:
    return visible_to(viewer, PetitionHearing.region_code)


def _reception_days_visible_to(viewer: Viewer) -> ColumnElement[bool]:
    return visible_to(viewer, ReceptionDay.region_code)


register_read_rule(Petition, _petitions_visible_to)
register_read_rule(PetitionHearing, _hearings_visible_to)
register_read_rule(ReceptionDay, _reception_days_visible_to)


def _petition_part_visible_to(column: Any) -> Callable[[Viewer], ColumnElement[bool]]:
    """Petitioners, visits and transitions are readable when their petition is."""

    def condition(viewer: Viewer) -> ColumnElement[bool]:
        visible: ColumnElement[bool] = column.in_(
            select(Petition.id).where(_petitions_visible_to(viewer))
        )
        return visible

    return condition


for _part in (Petitioner, PetitionVisit, PetitionTransition):
    register_read_rule(_part, _petition_part_visible_to(_part.petition_id))
