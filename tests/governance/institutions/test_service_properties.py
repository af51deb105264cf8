"""Goal: the institution services keep their invariants when called directly with plain
requests (as the .xlsx imports do): a record's version counts its accepted changes and its
history replays to it; the plan's indicators count a facility exactly on the days from its
opening through its last day, and read an insurance record's current figures.

Method: Hypothesis over sequences of corrections and over opening, closing and computing days,
through ``governance.facilities`` services as the county admin on the demo, each example in a
savepoint rolled back; the indicators through their calculators.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.models import User
from governance.access.principal import Grant, Viewer
from governance.access.roles import Role
from governance.facilities import insurance, service
from governance.facilities.models import FacilityKind, ServiceFacility
from governance.history.service import history_of
from governance.indicators.calculators import CALCULATORS, UnitSpec
from governance.indicators.models import UnitLevel
from governance.records import Ending
from governance.refusals import Refusal, RefusalCode
from kit.database import create_engine, create_session_factory, session_scope
from kit.settings import Settings

NOW = dt.datetime(2026, 12, 3, 4, 0, tzinfo=dt.UTC)  # noon, 2026-12-03, in the county
FIRST_DAY = dt.date(2026, 1, 1)
HUASHI = "130826001001"
VILLAGES = UnitSpec(UnitLevel.VILLAGE)
EXAMPLES = settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
async def people(people_database_url: str) -> AsyncIterator[AsyncSession]:
    engine = create_engine(people_database_url, Settings())
    async with session_scope(create_session_factory(engine)) as session:
        yield session
    await engine.dispose()


async def _admin(session: AsyncSession) -> Viewer:
    user_id = await session.scalar(select(User.id).where(User.username == "county.admin"))
    assert user_id is not None
    return Viewer(user_id=user_id, session_id=1, grants=(Grant(Role.COUNTY_ADMIN, "130826"),))


async def _tally(session: AsyncSession, key: str, day: dt.date) -> tuple[int, int]:
    tallies = await CALCULATORS[key](session, [HUASHI], VILLAGES, day)
    assert tallies is not None
    [tally] = tallies
    return tally.numerator, tally.denominator


FIGURES = st.tuples(st.integers(-5, 300), st.integers(-5, 300), st.booleans())


@EXAMPLES
@given(corrections=st.lists(FIGURES, min_size=1, max_size=6))
async def test_insurance_corrections_count_and_replay(
    people: AsyncSession, corrections: list[tuple[int, int, bool]]
) -> None:
    """Each correction (insured, total) against the current version, or the one before."""
    viewer = await _admin(people)
    async with people.begin_nested() as savepoint:
        figures = insurance.InsuranceFigures(HUASHI, 2026, 100, 80)
        row = await insurance.record_insurance(people, viewer, NOW, figures)
        accepted = 0
        for insured, total, stale in corrections:
            version = row.version - 1 if stale else row.version
            request = insurance.InsuranceCorrection(HUASHI, 2026, version, total, insured)
            valid = 0 <= insured <= total <= insurance.RESIDENTS_MAX
            if stale or not valid:
                with pytest.raises(Refusal) as refused:
                    async with people.begin_nested():
                        await insurance.correct_insurance(people, viewer, NOW, request)
                code = RefusalCode.STALE_VERSION if stale else RefusalCode.COUNT_OUT_OF_RANGE
                assert refused.value.code is code
                continue
            before = (row.residents_insured, row.residents_total)
            await insurance.correct_insurance(people, viewer, NOW, request)
            accepted += before != (insured, total)
        assert row.version == 1 + accepted
        [entries] = await history_of(people, [(insurance.INSURANCE_ENTITY, row.id)])
        assert [entry.record.version for entry in entries] == list(range(1, row.version + 1))
        latest: dict[str, int] = {}
        for entry in entries:
            for field, change in entry.record.changes.items():
                latest[field] = change["to"]
        assert (latest["residents_insured"], latest["residents_total"]) == (
            row.residents_insured,
            row.residents_total,
        )
        day = dt.date(2026, 12, 1)
        expected = (row.residents_insured, row.residents_total)
        assert await _tally(people, "residents_insured", day) == expected
        await savepoint.rollback()


DAYS = st.integers(0, 330)


@EXAMPLES
@given(opened=DAYS, open_days=DAYS, computed=DAYS)
async def test_a_facility_counts_from_its_opening_through_its_last_day(
    people: AsyncSession, opened: int, open_days: int, computed: int
) -> None:
    viewer = await _admin(people)
    opened_on = FIRST_DAY + dt.timedelta(days=opened)
    ended_on = min(opened_on + dt.timedelta(days=open_days), dt.date(2026, 12, 3))
    as_of = FIRST_DAY + dt.timedelta(days=computed)
    kind = FacilityKind.PSYCHOLOGICAL_COUNSELING_ROOM
    async with people.begin_nested() as savepoint:
        rooms = await people.scalars(
            select(ServiceFacility).where(
                ServiceFacility.region_code == HUASHI, ServiceFacility.kind == kind
            )
        )
        for room in list(rooms):  # the demo's, closed before the first day
            ending = Ending(room.id, room.version, dt.date(2025, 12, 31))
            await service.end_facility(people, viewer, NOW, ending)
        draft = service.FacilityDraft(HUASHI, kind, "心理咨询室", opened_on)
        row = await service.create_facility(people, viewer, NOW, draft)
        await service.end_facility(people, viewer, NOW, Ending(row.id, 1, ended_on))
        in_force = opened_on <= as_of <= ended_on
        assert await _tally(people, "units_with_counseling_room", as_of) == (int(in_force), 1)
        await savepoint.rollback()
