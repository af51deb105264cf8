"""All SQL of the morality bank (schemes, rules, holders, applications, announcements).

Queries for scoped entities go through ``governance.access.scope.apply_region_scope``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.models import User
from governance.access.principal import Viewer
from governance.access.roles import Role
from governance.access.scope import apply_region_scope
from governance.bank.models import (
    Announcement,
    AnnouncementStatus,
    Application,
    ApplicationStatus,
    Holder,
    Objection,
    ObjectionStatus,
    Rule,
    Scheme,
    SetAsideEntry,
)
from governance.people.models import Household, Person
from governance.regions.codes import under

S = TypeVar("S", bound=Select[Any])

COUNTED_STATUSES = (
    ApplicationStatus.PROPOSED,
    ApplicationStatus.APPROVED,
    ApplicationStatus.ANNOUNCED,
    ApplicationStatus.POSTED,
)
# Entries not yet settled: their wallet must stay open until they are.
IN_FLIGHT_STATUSES = (
    ApplicationStatus.PROPOSED,
    ApplicationStatus.APPROVED,
    ApplicationStatus.ANNOUNCED,
)


async def household(session: AsyncSession, household_id: int) -> Household | None:
    return await session.get(Household, household_id)


async def person(session: AsyncSession, person_id: int) -> Person | None:
    return await session.get(Person, person_id)


async def insert_holder_if_absent(session: AsyncSession, values: dict[str, Any]) -> None:
    """Insert a holder unless the scheme already has one for its household or person: two first
    awards racing for a new household open one holder, and neither fails."""
    await session.execute(insert(Holder).values(**values).on_conflict_do_nothing())


async def holder_by_owner(
    session: AsyncSession, scheme_id: int, household_id: int | None, person_id: int | None
) -> Holder | None:
    statement = select(Holder).where(Holder.scheme_id == scheme_id)
    if household_id is not None:
        statement = statement.where(Holder.household_id == household_id)
    else:
        statement = statement.where(Holder.person_id == person_id)
    return (await session.execute(statement)).scalar_one_or_none()


async def rule_points_in_period(
    session: AsyncSession, holder_id: int, rule_id: int, start: dt.date, end: dt.date
) -> int:
    """Points (absolute) of a rule already counted for a holder with deeds in [start, end)."""
    statement = select(func.coalesce(func.sum(func.abs(Application.points)), 0)).where(
        Application.holder_id == holder_id,
        Application.rule_id == rule_id,
        Application.status.in_(COUNTED_STATUSES),
        Application.event_on >= start,
        Application.event_on < end,
    )
    return int((await session.execute(statement)).scalar_one())


async def application_by_key(
    session: AsyncSession, user_id: int, idempotency_key: str
) -> Application | None:
    """The application a proposer filed under their client key, if any."""
    statement = select(Application).where(
        Application.proposed_by_user_id == user_id,
        Application.idempotency_key == idempotency_key,
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def lock_application(session: AsyncSession, application_id: int) -> Application | None:
    statement = select(Application).where(Application.id == application_id).with_for_update()
    return (await session.execute(statement)).scalar_one_or_none()


async def lock_approved(
    session: AsyncSession, scheme_id: int, village_code: str
) -> Sequence[Application]:
    """Approved applications of a village, locked in id order (two publishers queue)."""
    statement = (
        select(Application)
        .where(
            Application.scheme_id == scheme_id,
            Application.status == ApplicationStatus.APPROVED,
            under(Application.region_code, village_code),
        )
        .order_by(Application.id)
        .with_for_update()
    )
    return (await session.execute(statement)).scalars().all()


async def holders_by_ids(session: AsyncSession, ids: Sequence[int]) -> dict[int, Holder]:
    rows = (await session.execute(select(Holder).where(Holder.id.in_(ids)))).scalars()
    return {row.id: row for row in rows}


async def lock_due_announcements(
    session: AsyncSession, now: dt.datetime, limit: int, holder_ids: Sequence[int] | None
) -> Sequence[Announcement]:
    """Open announcements past their deadline, locked (settlement by two processes queues)."""
    statement = select(Announcement).where(
        Announcement.status == AnnouncementStatus.OPEN, Announcement.closes_at <= now
    )
    if holder_ids is not None:
        mine = select(Application.announcement_id).where(Application.holder_id.in_(holder_ids))
        statement = statement.where(Announcement.id.in_(mine))
    statement = statement.order_by(Announcement.id).limit(limit).with_for_update()
    return (await session.execute(statement)).scalars().all()


async def announced_in(session: AsyncSession, announcement_id: int) -> Sequence[Application]:
    statement = (
        select(Application)
        .where(
            Application.announcement_id == announcement_id,
            Application.status == ApplicationStatus.ANNOUNCED,
        )
        .order_by(Application.id)
        .with_for_update()
    )
    return (await session.execute(statement)).scalars().all()


async def undecided_objections(session: AsyncSession, application_ids: Sequence[int]) -> set[int]:
    statement = select(Objection.application_id).where(
        Objection.application_id.in_(application_ids),
        Objection.status == ObjectionStatus.LODGED,
    )
    return set((await session.execute(statement)).scalars())


async def lock_objection(session: AsyncSession, objection_id: int) -> Objection | None:
    statement = select(Objection).where(Objection.id == objection_id).with_for_update()
    return (await session.execute(statement)).scalar_one_or_none()


async def scheme(session: AsyncSession, scheme_id: int) -> Scheme | None:
    return await session.get(Scheme, scheme_id)


async def rule(session: AsyncSession, rule_id: int) -> Rule | None:
    return await session.get(Rule, rule_id)


async def announcement(session: AsyncSession, announcement_id: int) -> Announcement | None:
    return await session.get(Announcement, announcement_id)


async def user_household(session: AsyncSession, user_id: int) -> tuple[int | None, int | None]:
    """The person a user is, and that person's household (conflict-of-interest checks)."""
    statement = (
        select(User.person_id, Person.household_id)
        .outerjoin(Person, Person.id == User.person_id)
        .where(User.id == user_id)
    )
    row = (await session.execute(statement)).one_or_none()
    return (row[0], row[1]) if row else (None, None)


def scoped(
    statement: S,
    region_code: Any,
    viewer: Viewer,
    *,
    supermarket_id: Any = None,
    person_id: Any = None,
    household_id: Any = None,
    roles: frozenset[Role] | None = None,
) -> S:
    """``apply_region_scope`` over mapped attributes (typed as the columns they stand for)."""
    return apply_region_scope(
        statement,
        cast(ColumnElement[str], region_code),
        viewer,
        supermarket_id_column=cast(ColumnElement[int] | None, supermarket_id),
        person_id_column=cast(ColumnElement[int] | None, person_id),
        household_id_column=cast(ColumnElement[int] | None, household_id),
        roles=roles,
    )


@dataclass(frozen=True, slots=True)
class DueEntry:
    """An announced entry past its deadline, not yet settled nor set aside, as a read needs it."""

    holder_id: int
    award: bool
    amount_points: int
    objection_undecided: bool


async def due_entries(
    session: AsyncSession, holder_ids: Sequence[int], now: dt.datetime
) -> list[DueEntry]:
    """Entries of ``holder_ids`` whose deadline has passed and that still wait for the settler
    (one statement; entries that moved nothing are left out)."""
    undecided = (
        select(Objection.id)
        .where(Objection.application_id == Application.id)
        .where(Objection.status == ObjectionStatus.LODGED)
        .exists()
    )
    set_aside = select(SetAsideEntry.application_id).where(
        SetAsideEntry.application_id == Application.id
    )
    statement = (
        select(Application.holder_id, Application.points, Application.points_applied, undecided)
        .join(Announcement, Announcement.id == Application.announcement_id)
        .where(
            Application.holder_id.in_(holder_ids),
            Application.status == ApplicationStatus.ANNOUNCED,
            Application.transfer_id.is_not(None),
            Announcement.closes_at <= now,
            ~set_aside.exists(),
        )
    )
    rows = (await session.execute(statement)).all()
    return [
        DueEntry(holder_id, points > 0, points_applied or 0, bool(disputed))
        for holder_id, points, points_applied, disputed in rows
    ]


async def entries_in_flight(session: AsyncSession, holder_id: int) -> int:
    """The holder's applications still in review or on a notice board."""
    statement = select(func.count()).where(
        Application.holder_id == holder_id, Application.status.in_(IN_FLIGHT_STATUSES)
    )
    return int((await session.execute(statement)).scalar_one())


async def all_set_aside_entries(session: AsyncSession, limit: int) -> Sequence[SetAsideEntry]:
    """Entries set aside anywhere, oldest first (``grassroots ledger verify``, as the owner)."""
    statement = select(SetAsideEntry).order_by(SetAsideEntry.set_aside_at).limit(limit)
    return (await session.execute(statement)).scalars().all()
