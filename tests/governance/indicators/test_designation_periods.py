"""Goal: a region holds a designation at most once on any day, and the indicator counting it
(``civilized_villages``) sees it exactly on the days from its award up to the day before its
withdrawal, whatever the order of awards and withdrawals.

Method: Hypothesis draws awards (a start day, and a withdrawal some days later or none) for one
village; each goes through ``governance.indicators.designations`` as the county admin and is
compared with a model of periods: refused exactly when it overlaps an accepted one; then the
calculator is read on every day around them. Each example runs in a savepoint rolled back.
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
from governance.editing import Ending
from governance.indicators import designations
from governance.indicators.calculators import CALCULATORS, UnitSpec
from governance.indicators.models import DesignationKind, UnitLevel
from governance.refusals import Refusal, RefusalCode
from kit.database import create_engine, create_session_factory, session_scope
from kit.settings import Settings
from tests.support.auth import auth_settings, load_users

AT = dt.datetime(2026, 12, 3, 8, 0, tzinfo=dt.UTC)
BASE = dt.date(2026, 1, 1)
VILLAGE = "130826100201"  # a village of 大阁镇; the regions-only demo has no designations
Period = tuple[dt.date, dt.date | None]


@pytest.fixture
async def regions(demo_database_url: str) -> AsyncIterator[AsyncSession]:
    """The regions and the demo users (who changed what names a user)."""
    await load_users(demo_database_url, auth_settings())
    engine = create_engine(demo_database_url, Settings())
    async with session_scope(create_session_factory(engine)) as session:
        yield session
    await engine.dispose()


async def _county_admin(session: AsyncSession) -> Viewer:
    user_id = await session.scalar(select(User.id).where(User.username == "county.admin"))
    assert user_id is not None
    return Viewer(user_id=user_id, session_id=1, grants=(Grant(Role.COUNTY_ADMIN, "130826"),))


def _overlaps(periods: list[Period], start: dt.date) -> bool:
    """Whether ``[start, …)`` meets an accepted period (the service's rule, restated)."""
    return any(end is None or end > start or begin >= start for begin, end in periods)


async def _counted(session: AsyncSession, day: dt.date) -> int:
    calculate = CALCULATORS["civilized_units"]
    tallies = await calculate(session, [VILLAGE], UnitSpec(UnitLevel.VILLAGE), day)
    assert tallies is not None
    [tally] = tallies
    assert tally.denominator == 1
    return tally.numerator


AWARDS = st.lists(
    st.tuples(st.integers(0, 30), st.one_of(st.none(), st.integers(0, 10))),
    min_size=1,
    max_size=5,
)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(awards=AWARDS)
async def test_counted_exactly_while_in_force(
    regions: AsyncSession, awards: list[tuple[int, int | None]]
) -> None:
    county_admin = await _county_admin(regions)
    async with regions.begin_nested() as savepoint:
        periods: list[Period] = []
        for start_offset, length in awards:
            start = BASE + dt.timedelta(days=start_offset)
            draft = designations.DesignationDraft(
                VILLAGE, DesignationKind.CIVILIZED, "县文明委", start
            )
            if _overlaps(periods, start):
                with pytest.raises(Refusal) as refused:
                    async with regions.begin_nested():
                        await designations.award_designation(regions, county_admin, AT, draft)
                assert refused.value.code is RefusalCode.DESIGNATION_IN_FORCE
                continue
            row = await designations.award_designation(regions, county_admin, AT, draft)
            end = None if length is None else start + dt.timedelta(days=length)
            if end is not None:
                ending = Ending(row.id, row.version, end)
                await designations.withdraw_designation(regions, county_admin, AT, ending)
            periods.append((start, end))
        for offset in range(-1, 45):
            day = BASE + dt.timedelta(days=offset)
            in_force = [p for p in periods if p[0] <= day and (p[1] is None or day < p[1])]
            assert len(in_force) <= 1, (day, periods)
            assert await _counted(regions, day) == len(in_force), (day, periods)
        await savepoint.rollback()
