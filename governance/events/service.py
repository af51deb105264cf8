"""Reporting grid events and moving them through their workflow. Services flush; the request
boundary commits. Every accepted step appends one transition (the timeline); refusals raise
``Refusal`` and change nothing.

Before any step the clock's overdue escalations are caught up, so an event touched after its
deadline is first escalated (``AUTO_ESCALATE``, at the instant the deadline passed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.principal import Grant, Viewer
from governance.access.roles import (
    ADMIN_AND_GRID_WORKER_ROLES,
    ADMIN_ROLES,
    COUNTY_ADMIN_ROLES,
    Role,
)
from governance.access.visibility import is_staff
from governance.events import repository
from governance.events.deadlines import DeadlineRules
from governance.events.machine import (
    ESCALATIONS,
    Escalation,
    InvalidTransition,
    State,
    overdue_escalations,
    step,
)
from governance.events.models import (
    ATTACHMENT_REF_LENGTH_MAX,
    ATTACHMENTS_MAX,
    DEADLINE_HOURS_MAX,
    DEPARTMENT_LENGTH_MAX,
    DESCRIPTION_LENGTH_MAX,
    SATISFACTION_MAX,
    SATISFACTION_MIN,
    TITLE_LENGTH_MAX,
    EventAction,
    EventCategory,
    EventDeadlineRule,
    EventSource,
    EventStatus,
    GridEvent,
    GridEventTransition,
)
from governance.people.models import Person
from governance.refusals import Refusal, RefusalCode
from governance.regions import repository as regions_repository
from governance.regions.codes import RegionLevel, ancestor, is_level, under
from governance.workflows.common import Level, acting_grant, check_note, require_actor, require_text

A = EventAction
# Steps taken by whoever is responsible at the handling level.
MANAGING_ACTIONS = frozenset({A.ACCEPT, A.REJECT, A.ASSIGN, A.ESCALATE, A.CLOSE, A.REOPEN})
# Steps taken on the ground, in the grid: its worker, or staff above it.
FIELD_ACTIONS = frozenset({A.START_HANDLING, A.GIVE_FEEDBACK, A.VERIFY, A.RETURN_FOR_REWORK})
SOURCE_BY_ROLE = {
    Role.GRID_WORKER: EventSource.GRID_WORKER,
    Role.VILLAGE_ADMIN: EventSource.CENTER,
    Role.TOWNSHIP_ADMIN: EventSource.CENTER,
    Role.COUNTY_ADMIN: EventSource.CENTER,
}


@dataclass(frozen=True, slots=True)
class Report:
    grid_code: str
    category: EventCategory
    title: str
    description: str
    attachment_refs: Sequence[str] = ()


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts, as the viewer's token says; ``grant`` is null for the clock."""

    user_id: int | None
    role: Role | None

    @classmethod
    def of(cls, viewer: Viewer, grant: Grant) -> Actor:
        assert viewer.user_id is not None, "only signed-in viewers hold grants"
        return cls(viewer.user_id, grant.role)


CLOCK = Actor(None, None)


async def report(
    session: AsyncSession, viewer: Viewer, now: dt.datetime, request: Report
) -> GridEvent:
    """A new event in a grid, handled first by the grid itself (小事一格解决)."""
    _check_report(request)
    await _require_grid(session, request.grid_code)
    grant, person_id = await _reporter(session, viewer, request.grid_code)
    county = ancestor(request.grid_code, Level.COUNTY)
    rules = await repository.deadline_rules(session, [county])
    event = GridEvent(
        region_code=request.grid_code,
        handling_region_code=request.grid_code,
        level=Level.GRID,
        category=request.category,
        status=EventStatus.REPORTED,
        source=SOURCE_BY_ROLE.get(grant.role, EventSource.RESIDENT),
        title=request.title.strip(),
        description=request.description.strip(),
        attachment_refs=list(request.attachment_refs),
        reporter_user_id=viewer.user_id,
        reporter_person_id=person_id,
        reported_at=now,
        level_entered_at=now,
        deadline_at=now + _hours(rules, request.category, request.grid_code, Level.GRID),
        reopen_count=0,
        escalation_count=0,
    )
    session.add(event)
    await session.flush()
    _record(session, event, A.REPORT, None, actor=Actor.of(viewer, grant), at=now, note=None)
    await session.flush()
    return event


def _check_report(request: Report) -> None:
    require_text(request.title, "title", TITLE_LENGTH_MAX)
    require_text(request.description, "description", DESCRIPTION_LENGTH_MAX)
    if len(request.attachment_refs) > ATTACHMENTS_MAX:
        message = f"At most {ATTACHMENTS_MAX} attachments."
        raise Refusal(RefusalCode.TOO_MANY_ATTACHMENTS, "attachmentRefs", message)
    for ref in request.attachment_refs:
        require_text(ref, "attachmentRefs", ATTACHMENT_REF_LENGTH_MAX)


async def _require_grid(session: AsyncSession, code: str) -> None:
    found = await regions_repository.by_codes(session, [code])
    if not found:
        raise Refusal(RefusalCode.GRID_NOT_FOUND, "gridCode", "No region has this code.")
    if found[0].level is not RegionLevel.GRID:
        raise Refusal(RefusalCode.NOT_A_GRID, "gridCode", "Events are reported in a grid.")


async def _reporter(
    session: AsyncSession, viewer: Viewer, grid_code: str
) -> tuple[Grant, int | None]:
    """Staff report in their subtree; a resident in a grid of their own village."""
    grant = acting_grant(viewer, grid_code, ADMIN_AND_GRID_WORKER_ROLES)
    if grant is not None:
        return grant, None
    for resident in (g for g in viewer.grants if g.role is Role.RESIDENT):
        assert resident.person_id is not None
        home = await repository.person_region(session, resident.person_id)
        if home is not None and ancestor(home, RegionLevel.VILLAGE) == ancestor(
            grid_code, RegionLevel.VILLAGE
        ):
            return resident, resident.person_id
    raise Refusal(RefusalCode.FORBIDDEN, "gridCode", "You may not report events in this grid.")


def _hours(rules: DeadlineRules, category: EventCategory, code: str, level: Level) -> dt.timedelta:
    county = ancestor(code, Level.COUNTY)
    return dt.timedelta(hours=rules.hours(county, category, level))


@dataclass(frozen=True, slots=True)
class Step:
    """One requested step; ``assignee_*`` for ASSIGN, ``satisfaction`` for EVALUATE."""

    event_id: int
    action: EventAction
    note: str | None = None
    assignee_person_id: int | None = None
    assignee_department: str | None = None
    satisfaction: int | None = None


async def act(session: AsyncSession, viewer: Viewer, now: dt.datetime, request: Step) -> GridEvent:
    """Take one step on an event, after catching up the escalations the clock owes it."""
    assert request.action not in (A.REPORT, A.AUTO_ESCALATE), "not steps a person takes"
    note = check_note(request.note)
    event = await repository.lock(session, request.event_id)
    if event is None:
        raise Refusal(RefusalCode.EVENT_NOT_FOUND, "eventId", "No event has this id.")
    await catch_up(session, event, now)
    actor = Actor.of(viewer, _authorize(viewer, event, request.action))
    before = State(event.status, event.level)
    try:
        after = step(before, request.action)
    except InvalidTransition as invalid:
        raise _invalid(invalid) from None
    await _apply_details(session, event, request)
    await _enter(session, event, after, request.action, now)
    _record(session, event, request.action, before, actor=actor, at=now, note=note)
    await session.flush()
    return event


def _authorize(viewer: Viewer, event: GridEvent, action: EventAction) -> Grant:
    if action in MANAGING_ACTIONS:
        return require_actor(viewer, event.handling_region_code)
    if action is A.EVALUATE and event.reporter_user_id == viewer.user_id and viewer.grants:
        return (
            acting_grant(viewer, event.region_code, ADMIN_AND_GRID_WORKER_ROLES) or viewer.grants[0]
        )
    assert action in FIELD_ACTIONS or action is A.EVALUATE, action
    return require_actor(viewer, event.region_code)


def _invalid(invalid: InvalidTransition) -> Refusal:
    if invalid.action is A.ESCALATE and invalid.level is Level.COUNTY:
        return Refusal(RefusalCode.ALREADY_AT_TOP, "action", "The county is the highest level.")
    message = f"{invalid.action} is not allowed while the event is {invalid.status}."
    return Refusal(RefusalCode.INVALID_TRANSITION, "action", message)


async def _apply_details(session: AsyncSession, event: GridEvent, request: Step) -> None:
    """Check every detail against the step before writing any (the step is refused whole)."""
    if request.action is not A.ASSIGN and (
        request.assignee_person_id is not None or request.assignee_department is not None
    ):
        raise Refusal(
            RefusalCode.ASSIGNEE_NOT_ALLOWED, "assigneePersonId", "Only ASSIGN takes an assignee."
        )
    if request.action is not A.EVALUATE and request.satisfaction is not None:
        raise Refusal(
            RefusalCode.SATISFACTION_NOT_ALLOWED, "satisfaction", "Only EVALUATE takes a rating."
        )
    if request.action is A.ASSIGN:
        await _assign(session, event, request)
    if request.action is A.EVALUATE:
        _evaluate(event, request.satisfaction)


async def _assign(session: AsyncSession, event: GridEvent, request: Step) -> None:
    person_id, department = request.assignee_person_id, request.assignee_department
    if (person_id is None) == (department is None):
        message = "Assign to a person or to a department (exactly one)."
        raise Refusal(RefusalCode.ASSIGNEE_REQUIRED, "assigneePersonId", message)
    if person_id is not None and await session.get(Person, person_id) is None:
        raise Refusal(RefusalCode.PERSON_NOT_FOUND, "assigneePersonId", "No person has this id.")
    if department is not None:
        department = require_text(department, "assigneeDepartment", DEPARTMENT_LENGTH_MAX)
    event.assignee_person_id, event.assignee_department = person_id, department


def _evaluate(event: GridEvent, satisfaction: int | None) -> None:
    if satisfaction is None or not SATISFACTION_MIN <= satisfaction <= SATISFACTION_MAX:
        message = f"Rate satisfaction from {SATISFACTION_MIN} to {SATISFACTION_MAX}."
        raise Refusal(RefusalCode.SATISFACTION_OUT_OF_RANGE, "satisfaction", message)
    event.satisfaction = satisfaction


async def _enter(
    session: AsyncSession,
    event: GridEvent,
    after: State,
    action: EventAction,
    now: dt.datetime,
) -> None:
    event.status = after.status
    if action is A.REOPEN:
        event.reopen_count += 1
        event.closed_at, event.satisfaction = None, None
        event.assignee_person_id, event.assignee_department = None, None
        await _restart_deadline(session, event, now)
    elif action in ESCALATIONS:
        _move_up(event, after.level, now)
        await _restart_deadline(session, event, now)
    elif action is A.CLOSE:
        event.closed_at = now


def _move_up(event: GridEvent, level: Level, at: dt.datetime) -> None:
    event.level = level
    event.handling_region_code = ancestor(event.region_code, level)
    event.escalation_count += 1
    event.assignee_person_id, event.assignee_department = None, None
    event.level_entered_at = at


async def _restart_deadline(session: AsyncSession, event: GridEvent, now: dt.datetime) -> None:
    county = ancestor(event.region_code, Level.COUNTY)
    rules = await repository.deadline_rules(session, [county])
    event.level_entered_at = now
    event.deadline_at = now + _hours(rules, event.category, event.region_code, event.level)


async def catch_up(
    session: AsyncSession, event: GridEvent, now: dt.datetime, rules: DeadlineRules | None = None
) -> list[Escalation]:
    """Escalate an overdue event as many levels as deadlines have passed (event locked)."""
    if not (State(event.status, event.level).open and event.deadline_at < now):
        return []
    county = ancestor(event.region_code, Level.COUNTY)
    known = rules if rules is not None else await repository.deadline_rules(session, [county])
    category = event.category
    escalations = overdue_escalations(
        State(event.status, event.level),
        event.deadline_at,
        now,
        lambda level: known.hours(county, category, level),
    )
    for escalation in escalations:
        before = State(event.status, event.level)
        after = step(before, A.AUTO_ESCALATE)
        assert after.level is escalation.to_level
        event.status = after.status
        _move_up(event, after.level, escalation.at)
        event.deadline_at = escalation.deadline_at
        note = f"Deadline passed at {before.level} level."
        _record(session, event, A.AUTO_ESCALATE, before, actor=CLOCK, at=escalation.at, note=note)
    await session.flush()
    return escalations


async def escalate_overdue(
    session: AsyncSession,
    now: dt.datetime,
    viewer: Viewer | None,
    limit: int,
    under_region: str | None = None,
) -> list[GridEvent]:
    """Escalate every overdue event (in ``viewer``'s scope when given): the sweep."""
    conditions = []
    if viewer is not None:
        conditions.append(repository.visible_to(viewer))
    if under_region is not None:
        conditions.append(under(GridEvent.region_code, under_region))
    events = await repository.lock_overdue(session, now, conditions, limit)
    counties = sorted({ancestor(event.region_code, Level.COUNTY) for event in events})
    rules = await repository.deadline_rules(session, counties)
    for event in events:
        await catch_up(session, event, now, rules)
    return events


async def escalate_overdue_by_hand(
    session: AsyncSession, now: dt.datetime, viewer: Viewer, limit: int, under_region: str | None
) -> list[GridEvent]:
    """An administrator's sweep of their scope, at or below ``under_region`` when given."""
    if not viewer.roles & ADMIN_ROLES:
        raise Refusal(RefusalCode.FORBIDDEN, None, "Administrators only.")
    if under_region is not None and not await regions_repository.by_codes(session, [under_region]):
        raise Refusal(RefusalCode.REGION_NOT_FOUND, "underRegion", "No region has this code.")
    return await escalate_overdue(session, now, viewer, limit, under_region)


def _record(
    session: AsyncSession,
    event: GridEvent,
    action: EventAction,
    before: State | None,
    *,
    actor: Actor,
    at: dt.datetime,
    note: str | None,
) -> None:
    session.add(
        GridEventTransition(
            event_id=event.id,
            region_code=event.region_code,
            action=action,
            from_status=before.status if before else None,
            to_status=event.status,
            from_level=before.level if before else None,
            to_level=event.level,
            actor_user_id=actor.user_id,
            actor_role=actor.role.value if actor.role else None,
            occurred_at=at,
            note=note,
        )
    )


async def set_deadline(
    session: AsyncSession,
    viewer: Viewer,
    *,
    county_code: str,
    category: EventCategory,
    level: Level,
    hours: int,
) -> EventDeadlineRule:
    """A county administrator sets the hours a level has for a category."""
    if not is_level(county_code, Level.COUNTY):
        raise Refusal(RefusalCode.NOT_A_COUNTY, "countyCode", "Deadlines are set per county.")
    require_actor(viewer, county_code, COUNTY_ADMIN_ROLES)
    if not 0 < hours <= DEADLINE_HOURS_MAX:
        message = f"Hours must be between 1 and {DEADLINE_HOURS_MAX}."
        raise Refusal(RefusalCode.HOURS_OUT_OF_RANGE, "hours", message)
    return await repository.upsert_deadline_rule(session, county_code, category, level, hours)


async def deadlines_in_force(
    session: AsyncSession, viewer: Viewer, county_code: str
) -> DeadlineRules | None:
    """A county's deadline rules for staff (the read rule of ``EventDeadlineRule``); ``None``
    for anyone else, who sees no table at all rather than defaults hiding the configured hours."""
    if not is_staff(viewer):
        return None
    return await repository.deadline_rules(session, [county_code])
