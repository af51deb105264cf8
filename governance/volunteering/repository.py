"""Reads of the volunteer board: who may read activities and sign-ups (their read rules), the
board's filter, sign-up counts per activity and a volunteer's own totals.

Activities are a call for volunteers: staff read those of their subtree, a resident those of
their own village (the village of their person), whatever grid they live in. A sign-up is read
by the volunteer, staff whose subtree holds the volunteer (as persons are), and the activity's
side: its organizer and administrators over the activity's village, who record its minutes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, false, func, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from governance.access.principal import Viewer
from governance.access.roles import ADMIN_ROLES
from governance.access.scope import apply_region_scope
from governance.access.visibility import register_read_rule
from governance.people.models import Person
from governance.regions.codes import RegionLevel, code_length, under
from governance.volunteering.models import Activity, ActivityCategory, Certificate, SignUp

VILLAGE_CODE_LENGTH = code_length(RegionLevel.VILLAGE)


def _resident_side(viewer: Viewer) -> list[ColumnElement[bool]]:
    """For each resident grant: activities in the village of the resident's person, and the
    activities they are signed up for (wherever those are)."""
    conditions: list[ColumnElement[bool]] = []
    for grant in viewer.grants:
        if grant.person_id is None:
            continue
        village = (
            select(func.substr(Person.region_code, 1, VILLAGE_CODE_LENGTH))
            .where(Person.id == grant.person_id)
            .scalar_subquery()
        )
        signed_up = select(SignUp.activity_id).where(SignUp.person_id == grant.person_id)
        conditions += [Activity.region_code == village, Activity.id.in_(signed_up)]
    return conditions


def _scope(
    region_code: ColumnElement[str] | InstrumentedAttribute[str],
    viewer: Viewer,
    **options: Any,
) -> ColumnElement[bool]:
    """The condition ``apply_region_scope`` puts on a statement, as an expression."""
    condition = apply_region_scope(select(true()), region_code, viewer, **options).whereclause
    assert condition is not None, "apply_region_scope always restricts"
    return condition


def activities_visible_to(viewer: Viewer) -> ColumnElement[bool]:
    return or_(_scope(Activity.region_code, viewer), *_resident_side(viewer))


def _activity_side(viewer: Viewer) -> ColumnElement[bool]:
    """Sign-ups of activities the viewer organized, or whose village they administer."""
    if viewer.user_id is None:
        return false()
    activities = select(Activity.id).where(
        or_(
            Activity.organizer_user_id == viewer.user_id,
            _scope(Activity.region_code, viewer, roles=ADMIN_ROLES),
        )
    )
    return SignUp.activity_id.in_(activities)


def sign_ups_visible_to(viewer: Viewer) -> ColumnElement[bool]:
    volunteer_side = _scope(SignUp.region_code, viewer, person_id_column=SignUp.person_id)
    return or_(volunteer_side, _activity_side(viewer))


register_read_rule(Activity, activities_visible_to)
register_read_rule(SignUp, sign_ups_visible_to)


@dataclass(frozen=True, slots=True)
class ActivityFilter:
    """The board's filter: all given conditions hold. Times are instants; ``open_seats``:
    only activities with fewer sign-ups than their capacity."""

    under_region: str | None = None
    category: ActivityCategory | None = None
    starts_from: dt.datetime | None = None
    starts_before: dt.datetime | None = None
    open_seats: bool = False


def _signed_up() -> ColumnElement[int]:
    """Sign-ups of the activity in hand (correlated)."""
    counted = select(func.count()).where(SignUp.activity_id == Activity.id)
    return counted.scalar_subquery()


def activity_conditions(where: ActivityFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if where.under_region is not None:
        conditions.append(under(Activity.region_code, where.under_region))
    if where.category is not None:
        conditions.append(Activity.category == where.category)
    if where.starts_from is not None:
        conditions.append(Activity.starts_at >= where.starts_from)
    if where.starts_before is not None:
        conditions.append(Activity.starts_at < where.starts_before)
    if where.open_seats:
        conditions.append(_signed_up() < Activity.capacity)
    return conditions


async def sign_up_counts(session: AsyncSession, activity_ids: Sequence[int]) -> dict[int, int]:
    """Sign-ups per activity (all of them: seats are public, names are not), one query."""
    statement = (
        select(SignUp.activity_id, func.count())
        .where(SignUp.activity_id.in_(activity_ids))
        .group_by(SignUp.activity_id)
    )
    return {int(key): int(total) for key, total in (await session.execute(statement)).all()}


def own_sign_up_conditions(person_ids: Sequence[int]) -> list[ColumnElement[bool]]:
    return [SignUp.person_id.in_(person_ids)]


def own_certificate_conditions(person_ids: Sequence[int]) -> list[ColumnElement[bool]]:
    return [Certificate.person_id.in_(person_ids)]


def own_person_ids(viewer: Viewer) -> list[int]:
    """The persons a viewer is, through their resident grants (a volunteer's own)."""
    return [grant.person_id for grant in viewer.grants if grant.person_id is not None]


@dataclass(frozen=True, slots=True)
class OwnMinutes:
    """A volunteer's minutes: confirmed (posted to the ledger) and recorded but unconfirmed."""

    confirmed_minutes: int
    recorded_minutes: int


async def own_minutes(session: AsyncSession, person_ids: Sequence[int]) -> OwnMinutes:
    confirmed = func.coalesce(
        func.sum(SignUp.service_minutes).filter(SignUp.confirmed_at.is_not(None)), 0
    )
    recorded = func.coalesce(
        func.sum(SignUp.service_minutes).filter(SignUp.confirmed_at.is_(None)), 0
    )
    statement = select(confirmed, recorded).where(SignUp.person_id.in_(person_ids))
    confirmed_minutes, recorded_minutes = (await session.execute(statement)).one()
    # coalesce(…, 0): never NULL.
    return OwnMinutes(int(confirmed_minutes or 0), int(recorded_minutes or 0))


def certificate_conditions(
    person_id: int | None, under_region: str | None
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if person_id is not None:
        conditions.append(Certificate.person_id == person_id)
    if under_region is not None:
        conditions.append(under(Certificate.region_code, under_region))
    return conditions
