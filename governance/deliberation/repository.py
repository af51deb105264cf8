"""All SQL over deliberation meetings and disclosures, including the overdue-villages query."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, func, literal, select, true, tuple_, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.principal import Viewer
from governance.access.visibility import register_read_rule
from governance.deliberation.models import (
    DeliberationMeeting,
    DisclosureKind,
    MeetingForm,
    VillageDisclosure,
)
from governance.regions.codes import RegionLevel, under
from governance.regions.models import Region
from governance.workflows.common import scope_condition


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
        conditions.append(under(DeliberationMeeting.region_code, f.under_region))
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
        conditions.append(under(VillageDisclosure.region_code, f.under_region))
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


def _overdue_pairs(
    scope: ColumnElement[bool], under_region_code: str, due_before: dict[DisclosureKind, dt.date]
) -> tuple[Select[Any], Any]:
    """(village, kind, latest day) for every late pair — a village with no disclosure of the
    kind since ``due_before[kind]``, or none ever — and the statement's kind column."""
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
        .where(under(VillageDisclosure.region_code, under_region_code))
        .group_by(VillageDisclosure.region_code, VillageDisclosure.kind)
        .subquery()
    )
    statement = (
        select(Region, kinds.c.kind, latest.c.last)
        .select_from(Region)
        .join(kinds, true())
        .outerjoin(latest, (latest.c.code == Region.code) & (latest.c.kind == kinds.c.kind))
        .where(
            Region.level == RegionLevel.VILLAGE,
            under(Region.code, under_region_code),
            scope,
            (latest.c.last.is_(None)) | (latest.c.last < kinds.c.due),
        )
    )
    return statement, kinds.c.kind


async def overdue_disclosures(
    session: AsyncSession,
    *,
    scope: ColumnElement[bool],
    under_region_code: str,
    due_before: dict[DisclosureKind, dt.date],
    after: tuple[str, str] | None,
    limit: int,
) -> list[LastDisclosure]:
    """Late (village, kind) pairs by village code then kind, keyset after ``after``."""
    statement, kind = _overdue_pairs(scope, under_region_code, due_before)
    if after is not None:
        statement = statement.where(tuple_(Region.code, kind) > tuple_(*after))
    statement = statement.order_by(Region.code, kind).limit(limit)
    rows = (await session.execute(statement)).all()
    return [LastDisclosure(region, DisclosureKind(k), last) for region, k, last in rows]


async def count_overdue_disclosures(
    session: AsyncSession,
    *,
    scope: ColumnElement[bool],
    under_region_code: str,
    due_before: dict[DisclosureKind, dt.date],
) -> int:
    pairs = _overdue_pairs(scope, under_region_code, due_before)[0].subquery()
    return int(await session.scalar(select(func.count()).select_from(pairs)) or 0)


def _meetings_visible_to(viewer: Viewer) -> ColumnElement[bool]:
    return scope_condition(DeliberationMeeting.region_code, viewer)


def _disclosures_visible_to(viewer: Viewer) -> ColumnElement[bool]:
    return scope_condition(VillageDisclosure.region_code, viewer)


register_read_rule(DeliberationMeeting, _meetings_visible_to)
register_read_rule(VillageDisclosure, _disclosures_visible_to)
