"""Goal: against the real database, random step sequences (with the clock moving between
steps) leave every event in a state the machine allows, with a timeline holding exactly one
row per accepted step plus the report and the clock's escalations, and the database's CHECK
constraints agree with the service at every step.

Method: hypothesis draws steps and clock moves; each example runs on a fresh clone of the
regions template, reports an event as a county administrator and asks for the steps through
the service, counting the ones accepted; the timeline is then read back with SQL.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.models import User
from governance.access.principal import Grant, Viewer
from governance.access.roles import Role
from governance.events import service
from governance.events.models import (
    EventAction,
    EventCategory,
    EventStatus,
    GridEvent,
    GridEventTransition,
)
from governance.refusals import Refusal
from governance.workflows.common import LEVELS
from kit.database import create_engine, create_session_factory, session_scope, with_database
from kit.settings import Settings
from tests.support import databases

STEPS = [a for a in EventAction if a not in (EventAction.REPORT, EventAction.AUTO_ESCALATE)]
CLOSED_STATUSES = (EventStatus.CLOSED, EventStatus.EVALUATED)
START = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
GRID = "130826001001001"
Move = tuple[EventAction, int]  # a step, after the clock advanced so many hours


def _details(action: EventAction) -> dict[str, object]:
    if action is EventAction.ASSIGN:
        return {"assignee_department": "乡镇综治办"}
    if action is EventAction.EVALUATE:
        return {"satisfaction": 4}
    return {}


async def _viewer(session: AsyncSession) -> Viewer:
    user = User(username="county", password_hash="x", display_name="县")
    session.add(user)
    await session.flush()
    return Viewer(user.id, 1, (Grant(Role.COUNTY_ADMIN, "130826"),))


async def _scenario(url: str, moves: list[Move]) -> None:
    engine = create_engine(url, Settings())
    try:
        async with session_scope(create_session_factory(engine)) as session:
            await _play(session, moves)
    finally:
        await engine.dispose()


async def _play(session: AsyncSession, moves: list[Move]) -> None:
    viewer, now = await _viewer(session), START
    report = service.Report(GRID, EventCategory.SANITATION, "垃圾堆放", "村口垃圾")
    event = await service.report(session, viewer, now, report)
    accepted = 0
    for action, hours in moves:
        now += dt.timedelta(hours=hours)
        request = service.Step(event.id, action, **_details(action))  # type: ignore[arg-type]
        try:
            await service.act(session, viewer, now, request)
        except Refusal as refusal:
            refused_code = refusal.code
        else:
            accepted += 1
            continue
        assert refused_code in ("INVALID_TRANSITION", "ALREADY_AT_TOP"), refused_code
    rows = (
        await session.execute(
            select(GridEventTransition)
            .where(GridEventTransition.event_id == event.id)
            .order_by(GridEventTransition.id)
        )
    ).scalars()
    timeline = list(rows)
    automatic = [t for t in timeline if t.action is EventAction.AUTO_ESCALATE]
    assert len(timeline) == 1 + accepted + len(automatic)
    _check_chain(timeline, await session.get(GridEvent, event.id))


def _check_chain(timeline: list[GridEventTransition], event: GridEvent | None) -> None:
    """Each step starts where the previous one ended; the row holds the last one's result."""
    assert event is not None
    for previous, current in itertools.pairwise(timeline):
        assert (current.from_status, current.from_level) == (previous.to_status, previous.to_level)
        assert LEVELS.index(current.to_level) >= LEVELS.index(previous.to_level)
        assert current.occurred_at >= previous.occurred_at
    assert (event.status, event.level) == (timeline[-1].to_status, timeline[-1].to_level)
    assert event.escalation_count == LEVELS.index(event.level)
    assert event.handling_region_code == GRID[: {0: 15, 1: 12, 2: 9, 3: 6}[event.escalation_count]]
    assert (event.closed_at is not None) == (event.status in CLOSED_STATUSES)


@settings(max_examples=20, deadline=None)
@given(moves=st.lists(st.tuples(st.sampled_from(STEPS), st.integers(0, 80)), max_size=20))
def test_timeline_counts_accepted_steps(pg_url: str, demo_template: str, moves: list[Move]) -> None:
    name = databases.create_database_from(pg_url, demo_template, prefix="events_prop_")
    try:
        asyncio.run(_scenario(with_database(pg_url, name), moves))
    finally:
        databases.drop_database(pg_url, name)
