"""All SQL over deliberation meetings and disclosures, including the overdue-villages query."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, literal, select, tuple_, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from governance.deliberation.models import (
    DeliberationMeeting,
    DisclosureKind,
    MeetingForm,
    VillageDisclosure,
)
from governance.listing import under_region
from governance.regions.models import Region, RegionLevel


@dataclass(frozen=True, slots=True)
class MeetingFilter:
    under_region: str | None = None
    forms: tuple[MeetingForm, ...] = ()
    held_from: dt.date | None = None
    held_to: dt.date | None = None


def meeting_conditions(meeting_filter: MeetingFilter) -> list[ColumnElement[bool]]:
    f = meeting_filter
    conditions: list[ColumnElement[bool]] = []
    if f.under_region is not None:
        conditions.append(under_region(DeliberationMeeting.region_code, f.under_region))
    if f.forms:
        conditions.append(DeliberationMeeting.form.in_(f.forms))
    if f.held_from is not None:
        conditions.append(DeliberationMeeting.held_on >= f.held_from)
    if f.held_to is not None:
        conditions.append(DeliberationMeeting.held_on <= f.held_to)
    return conditions


@dataclass(frozen=True, slots=True)
class DisclosureFilter:
    under_region: str | None = None
    kinds: tuple[DisclosureKind, ...] = ()
    published_from: dt.date | None = None
    published_to: dt.date | None = None


def disclosure_conditions(disclosure_filter: DisclosureFilter) -> list[ColumnElement[bool]]:
    f = disclosure_filter
    conditions: list[ColumnElement[bool]] = []
    if f.under_region is not None:
        conditions.append(under_region(VillageDisclosure.region_code, f.under_region))
    if f.kinds:
        conditions.append(VillageDisclosure.kind.in_(f.kinds))
    if f.published_from is not None:
        conditions.append(VillageDisclosure.published_on >= f.published_from)
    if f.published_to is not None:
        conditions.append(VillageDisclosure.published_on <= f.published_to)
    return conditions


@dataclass(frozen=True, slots=True)
class LastDisclosure:
    village: Region
    kind: DisclosureKind
    last_published_on: dt.date | None


async def overdue_disclosures(
    session: AsyncSession,
    *,
    scope: ColumnElement[bool],
    under_region_code: str,
    due_before: dict[DisclosureKind, dt.date],
    after: tuple[str, str] | None,
    limit: int,
) -> list[LastDisclosure]:
    """(village, kind) pairs whose latest disclosure is older than ``due_before[kind]`` (or
    missing), by village code then kind, keyset after ``after``: one query."""
    kinds = union_all(
        *(
            select(literal(kind.value).label("kind"), literal(day).label("due"))
            for kind, day in due_before.items()
        )
    ).subquery()
    latest = (
        select(
            VillageDisclosure.region_code.label("code"),
            VillageDisclosure.kind.label("kind"),
            func.max(VillageDisclosure.published_on).label("last"),
        )
        .where(under_region(VillageDisclosure.region_code, under_region_code))
        .group_by(VillageDisclosure.region_code, VillageDisclosure.kind)
        .subquery()
    )
    statement = (
        select(Region, kinds.c.kind, latest.c.last)
        .join(kinds, literal(True))
        .outerjoin(latest, (latest.c.code == Region.code) & (latest.c.kind == kinds.c.kind))
        .where(
            Region.level == RegionLevel.VILLAGE,
            under_region(Region.code, under_region_code),
            scope,
            (latest.c.last.is_(None)) | (latest.c.last < kinds.c.due),
        )
        .order_by(Region.code, kinds.c.kind)
        .limit(limit)
    )
    if after is not None:
        statement = statement.where(tuple_(Region.code, kinds.c.kind) > tuple_(*after))
    rows = (await session.execute(statement)).all()
    return [LastDisclosure(region, DisclosureKind(kind), last) for region, kind, last in rows]
