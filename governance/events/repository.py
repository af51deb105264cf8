"""All SQL over grid events, their transitions and deadline rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, false, select, true
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.principal import Viewer
from governance.access.visibility import is_staff, register_read_rule
from governance.events.deadlines import DeadlineRules
from governance.events.machine import OPEN_STATUSES
from governance.events.models import (
    EventCategory,
    EventDeadlineRule,
    EventSource,
    EventStatus,
    GridEvent,
    GridEventTransition,
)
from governance.people.models import Person
from governance.regions.codes import under
from governance.workflows.common import Level, scope_condition

SWEEP_BATCH_MAX = 500


@dataclass(frozen=True, slots=True)
class EventFilter:
    """What to list; ``now`` is required for ``overdue`` (read from the injected clock)."""

    under_region: str | None = None
    statuses: tuple[EventStatus, ...] = ()
    categories: tuple[EventCategory, ...] = ()
    levels: tuple[Level, ...] = ()
    sources: tuple[EventSource, ...] = ()
    reported_from: dt.datetime | None = None
    reported_before: dt.datetime | None = None
    overdue: bool | None = None
    now: dt.datetime | None = None


def overdue_condition(now: dt.datetime) -> ColumnElement[bool]:
    return GridEvent.status.in_(OPEN_STATUSES) & (GridEvent.deadline_at < now)


def event_conditions(event_filter: EventFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if event_filter.under_region is not None:
        conditions.append(under(GridEvent.region_code, event_filter.under_region))
    if event_filter.statuses:
        conditions.append(GridEvent.status.in_(event_filter.statuses))
    if event_filter.categories:
        conditions.append(GridEvent.category.in_(event_filter.categories))
    if event_filter.levels:
        conditions.append(GridEvent.level.in_(event_filter.levels))
    if event_filter.sources:
        conditions.append(GridEvent.source.in_(event_filter.sources))
    if event_filter.reported_from is not None:
        conditions.append(GridEvent.reported_at >= event_filter.reported_from)
    if event_filter.reported_before is not None:
        conditions.append(GridEvent.reported_at < event_filter.reported_before)
    if event_filter.overdue is not None:
        assert event_filter.now is not None, "overdue is relative to the clock"
        overdue = overdue_condition(event_filter.now)
        conditions.append(overdue if event_filter.overdue else ~overdue)
    return conditions


def visible_to(viewer: Viewer) -> ColumnElement[bool]:
    """Staff see their subtree; residents the events they reported."""
    return scope_condition(
        GridEvent.region_code, viewer, person_id_column=GridEvent.reporter_person_id
    )


async def lock(session: AsyncSession, event_id: int) -> GridEvent | None:
    statement = select(GridEvent).where(GridEvent.id == event_id).with_for_update()
    return (await session.execute(statement)).scalar_one_or_none()


async def lock_overdue(
    session: AsyncSession, now: dt.datetime, conditions: Sequence[ColumnElement[bool]], limit: int
) -> list[GridEvent]:
    """Overdue open events below the top level, locked; rows another sweep holds are skipped."""
    statement = (
        select(GridEvent)
        .where(overdue_condition(now), GridEvent.level != Level.COUNTY, *conditions)
        .order_by(GridEvent.deadline_at, GridEvent.id)
        .limit(min(limit, SWEEP_BATCH_MAX))
        .with_for_update(skip_locked=True)
    )
    return list((await session.execute(statement)).scalars())


async def deadline_rules(session: AsyncSession, county_codes: Sequence[str]) -> DeadlineRules:
    statement = select(EventDeadlineRule).where(EventDeadlineRule.region_code.in_(county_codes))
    rows = (await session.execute(statement)).scalars()
    return DeadlineRules({(row.region_code, row.category, row.level): row.hours for row in rows})


async def upsert_deadline_rule(
    session: AsyncSession, county_code: str, category: EventCategory, level: Level, hours: int
) -> EventDeadlineRule:
    statement = (
        pg_insert(EventDeadlineRule)
        .values(region_code=county_code, category=category, level=level, hours=hours)
        .on_conflict_do_update(
            index_elements=["region_code", "category", "level"], set_={"hours": hours}
        )
        .returning(EventDeadlineRule)
    )
    return (await session.execute(statement)).scalar_one()


async def person_region(session: AsyncSession, person_id: int) -> str | None:
    return await session.scalar(select(Person.region_code).where(Person.id == person_id))


def _transition_visible_to(viewer: Viewer) -> ColumnElement[bool]:
    """A timeline entry is readable when its event is."""
    return GridEventTransition.event_id.in_(select(GridEvent.id).where(visible_to(viewer)))


register_read_rule(GridEvent, visible_to)
register_read_rule(GridEventTransition, _transition_visible_to)


def _deadline_rules_visible_to(viewer: Viewer) -> ColumnElement[bool]:
    """Deadlines are working rules: any staff member may read them."""
    return true() if is_staff(viewer) else false()


register_read_rule(EventDeadlineRule, _deadline_rules_visible_to)
