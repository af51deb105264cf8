"""Goal: the demo workflows are plausible and complete enough for every screen — events at
every stage with some escalated by the clock, agreed and referred disputes, petitions and
monthly hearings with one month missed, overdue disclosures — and loading again adds nothing.

Method: the whole demo at a tiny scale (the ``people_database_url`` template, loaded through
``load_demo``), read back with SQL; ``load_demo`` run a second time.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from governance.deliberation.models import DeliberationMeeting, VillageDisclosure
from governance.demo import load_demo
from governance.disputes.models import DisputeCase, DisputeStatus
from governance.events.models import EventAction, EventStatus, GridEvent, GridEventTransition
from governance.petitions.models import Petition, PetitionHearing, ReceptionDay
from kit.database import create_engine, create_session_factory, session_scope
from kit.settings import Settings
from tests.conftest import PEOPLE_SCALE


@pytest.fixture
async def demo_session(people_database_url: str) -> AsyncIterator[AsyncSession]:
    engine = create_engine(people_database_url, Settings())
    async with session_scope(create_session_factory(engine)) as session:
        yield session
    await engine.dispose()


async def _count(session: AsyncSession, *conditions: object, model: object) -> int:
    return int(await session.scalar(select(func.count()).select_from(model).where(*conditions)))  # type: ignore[arg-type]


async def test_demo_workflows_cover_every_screen(demo_session: AsyncSession) -> None:
    session = demo_session
    statuses = set((await session.execute(select(GridEvent.status).distinct())).scalars())
    assert {EventStatus.REPORTED, EventStatus.CLOSED, EventStatus.EVALUATED} <= statuses
    automatic = GridEventTransition.action == EventAction.AUTO_ESCALATE
    assert await _count(session, automatic, model=GridEventTransition) > 0
    case_statuses = set((await session.execute(select(DisputeCase.status).distinct())).scalars())
    assert {DisputeStatus.AGREED, DisputeStatus.REFERRED} <= case_statuses
    assert await _count(session, model=Petition) == 30
    assert await _count(session, model=PetitionHearing) == 11  # one month without consultation
    assert await _count(session, model=ReceptionDay) == 6
    assert await _count(session, model=DeliberationMeeting) > 50
    assert await _count(session, model=VillageDisclosure) > 323 * 6


async def test_loading_again_adds_nothing(demo_session: AsyncSession) -> None:
    counts = await load_demo(demo_session, scale=PEOPLE_SCALE)
    assert counts["grid_events"] == counts["dispute_cases"] == counts["petitions"] == 0
