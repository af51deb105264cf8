"""Reads behind the bank's GraphQL fields, each scoped through ``apply_region_scope`` (or the
model's read rule, ``governance.access.visibility.restrict``, itself built on it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, func, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.principal import Viewer
from governance.access.roles import ADMIN_ROLES
from governance.access.visibility import restrict
from governance.bank.models import (
    Announcement,
    Application,
    ApplicationStatus,
    Holder,
    NameDisplay,
    Objection,
    ObjectionStatus,
    Scheme,
    SetAsideEntry,
)
from governance.bank.repository import scoped
from governance.people.masking import mask_name
from governance.regions.codes import under
from governance.supermarkets.serving import with_serving_supermarket

LEADERBOARD_SIZE_MAX = 100


async def applications(
    session: AsyncSession, viewer: Viewer, ids: Sequence[int]
) -> dict[int, Application]:
    statement = scoped(
        select(Application).where(Application.id.in_(ids)), Application.region_code, viewer
    )
    return {row.id: row for row in (await session.execute(statement)).scalars()}


@dataclass(frozen=True, slots=True)
class ApplicationFilter:
    scheme_id: int | None = None
    under_region: str | None = None
    status: ApplicationStatus | None = None


async def objections(
    session: AsyncSession, viewer: Viewer, ids: Sequence[int]
) -> dict[int, Objection]:
    statement = select(Objection).join(Application, Application.id == Objection.application_id)
    statement = scoped(statement.where(Objection.id.in_(ids)), Application.region_code, viewer)
    return {row.id: row for row in (await session.execute(statement)).scalars()}


async def objections_of(session: AsyncSession, application_id: int) -> Sequence[Objection]:
    statement = (
        select(Objection).where(Objection.application_id == application_id).order_by(Objection.id)
    )
    return (await session.execute(statement)).scalars().all()


async def announcements(
    session: AsyncSession, viewer: Viewer, ids: Sequence[int]
) -> dict[int, Announcement]:
    """Announcements by id, as their read rule allows (public notice: anyone)."""
    statement = restrict(select(Announcement).where(Announcement.id.in_(ids)), Announcement, viewer)
    return {row.id: row for row in (await session.execute(statement)).scalars()}


async def entries_of(
    session: AsyncSession, viewer: Viewer, announcement_id: int
) -> Sequence[Application]:
    """The entries of an announcement that ``viewer`` may read as entries (staff of their
    region); the public sees them as notice lines (``governance.bank.notice``)."""
    statement = (
        select(Application)
        .where(Application.announcement_id == announcement_id)
        .order_by(Application.id)
    )
    return (await session.execute(restrict(statement, Application, viewer))).scalars().all()


async def holder_ids_of(
    session: AsyncSession, viewer: Viewer, household_id: int | None, person_id: int | None
) -> list[int]:
    """The points accounts of a household or person the viewer may see, by scheme (the
    cashiers of the supermarkets serving it among them, as for the balances)."""
    statement = select(Holder.id).order_by(Holder.scheme_id, Holder.id)
    if household_id is not None:
        statement = statement.where(Holder.household_id == household_id)
    if person_id is not None:
        statement = statement.where(Holder.person_id == person_id)
    statement, supermarket_id = with_serving_supermarket(statement, viewer, Holder.region_code)
    statement = scoped(
        statement,
        Holder.region_code,
        viewer,
        supermarket_id=supermarket_id,
        person_id=Holder.person_id,
        household_id=Holder.household_id,
    )
    return list(dict.fromkeys((await session.execute(statement)).scalars()))


async def own_holder_ids(session: AsyncSession, viewer: Viewer) -> list[int]:
    """The points accounts of the viewer's own household and person (residents)."""
    owners = [(g.household_id, g.person_id) for g in viewer.grants if g.person_id is not None]
    found: list[int] = []
    for household_id, person_id in owners:
        if household_id is not None:
            found += await holder_ids_of(session, viewer, household_id, None)
        found += await holder_ids_of(session, viewer, None, person_id)
    return list(dict.fromkeys(found))


@dataclass(frozen=True, slots=True)
class Standing:
    holder_id: int
    rank: int
    display_name: str
    points: int


# A place in the 红榜's order: (points, holder id), points descending, then holders as opened.
StandingKey = tuple[int, int]


def _standings(scheme: Scheme, village_code: str, period: tuple[dt.datetime, dt.datetime]) -> Any:
    """Holders of the village with their awards posted in the period and their rank (ties
    share a rank), as a subquery: pages and counts read the same ranking."""
    total = func.sum(Application.points_applied)
    return (
        select(
            Holder.id.label("holder_id"),
            total.label("points"),
            func.rank().over(order_by=total.desc()).label("rank"),
        )
        .join(Application, Application.holder_id == Holder.id)
        .where(
            Application.scheme_id == scheme.id,
            Application.status == ApplicationStatus.POSTED,
            Application.points > 0,
            Application.settled_at >= period[0],
            Application.settled_at < period[1],
            under(Holder.region_code, village_code),
        )
        .group_by(Holder.id)
        .subquery()
    )


async def leaderboard(
    session: AsyncSession,
    scheme: Scheme,
    village_code: str,
    period: tuple[dt.datetime, dt.datetime],
    limit: int,
    *,
    after: StandingKey | None = None,
) -> list[Standing]:
    """红榜: holders of a village by awards posted in [start, end), names as the scheme allows;
    ``limit`` of them after the place ``after`` (a keyset page)."""
    assert 0 <= limit <= LEADERBOARD_SIZE_MAX + 1
    ranked = _standings(scheme, village_code, period)
    statement = (
        select(Holder, ranked.c.points, ranked.c.rank)
        .join(ranked, ranked.c.holder_id == Holder.id)
        .order_by(ranked.c.points.desc(), ranked.c.holder_id)
        .limit(limit)
    )
    if after is not None:
        points, holder_id = after
        statement = statement.where(
            or_(
                ranked.c.points < points,
                and_(ranked.c.points == points, ranked.c.holder_id > holder_id),
            )
        )
    found = (await session.execute(statement)).all()
    names = await holder_names(session, [holder for holder, _points, _rank in found])
    return [
        Standing(
            holder.id,
            int(rank),
            display_name(scheme.name_display, *names.get(holder.id, ("", ""))),
            int(points or 0),
        )
        for holder, points, rank in found
    ]


async def leaderboard_size(
    session: AsyncSession,
    scheme: Scheme,
    village_code: str,
    period: tuple[dt.datetime, dt.datetime],
) -> int:
    ranked = _standings(scheme, village_code, period)
    return int(await session.scalar(select(func.count()).select_from(ranked)) or 0)


async def holder_names(
    session: AsyncSession, holders: Sequence[Holder]
) -> dict[int, tuple[str, str]]:
    """Holder id → (name of the person or household head, household number).

    Public lists (红榜, notice boards) name holders to viewers whose scope hides persons and
    households, so this reads through ``holder_public_names`` (migration 0009), the one path
    across the row-level security policies, returning these two values only.
    """
    rows = await session.execute(
        text("SELECT holder_id, name, household_number FROM holder_public_names(:ids)"),
        {"ids": [holder.id for holder in holders]},
    )
    return {row.holder_id: (row.name, row.household_number) for row in rows}


def display_name(display: NameDisplay, name: str, household_number: str) -> str:
    if display is NameDisplay.FULL and name:
        return name
    if display is NameDisplay.MASKED and name:
        return mask_name(name)
    return f"户 {household_number}"


async def set_aside_entries(
    session: AsyncSession, viewer: Viewer, limit: int
) -> Sequence[tuple[SetAsideEntry, Application]]:
    """Entries settlement set aside in the regions ``viewer`` administers, oldest first: what
    staff must resolve (an administrator of the region decides, so only their grants count)."""
    columns: tuple[Any, ...] = (SetAsideEntry, Application)
    statement: Select[Any] = (
        select(*columns)
        .join(Application, Application.id == SetAsideEntry.application_id)
        .order_by(SetAsideEntry.set_aside_at, SetAsideEntry.application_id)
        .limit(limit)
    )
    statement = scoped(statement, SetAsideEntry.region_code, viewer, roles=ADMIN_ROLES)
    return [(entry, application) for entry, application in (await session.execute(statement))]


async def overdue_objections(
    session: AsyncSession, viewer: Viewer, now: dt.datetime, limit: int
) -> Sequence[tuple[Objection, Application, Announcement]]:
    """Objections still undecided after their entry's deadline (the entry is held), in the
    regions ``viewer`` administers, oldest deadline first: the level above sees what a village
    left undecided (an administrator of the region decides, so only their grants count)."""
    columns: tuple[Any, ...] = (Objection, Application, Announcement)
    statement: Select[Any] = (
        select(*columns)
        .join(Application, Application.id == Objection.application_id)
        .join(Announcement, Announcement.id == Application.announcement_id)
        .where(
            Objection.status == ObjectionStatus.LODGED,
            Application.status == ApplicationStatus.ANNOUNCED,
            Announcement.closes_at <= now,
        )
        .order_by(Announcement.closes_at, Objection.id)
        .limit(limit)
    )
    statement = scoped(statement, Application.region_code, viewer, roles=ADMIN_ROLES)
    return [tuple(row) for row in await session.execute(statement)]
