"""Goal: in a request's transaction (``enter_request_scope``) the database itself hides persons
and households outside the viewer's scope, even from a deliberately unscoped SELECT; the owner
(migrations, CLI, background work) sees every row, and the switch ends with the transaction.

Method: the whole demo at a tiny scale; raw SQL counts as demo viewers after entering the
request scope, compared with the owner's counts of the same regions.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.demo import DEMO_HOUSEHOLD_ID, DEMO_USERS
from governance.access.principal import ANONYMOUS, Viewer
from governance.access.row_security import enter_request_scope, enter_request_scope_on_begin
from kit.database import create_engine, create_session_factory
from kit.driver import driver_connection
from kit.settings import Settings

XINFENGLU, DAGE, HUASHI = "130826001", "130826100", "130826001001"
COUNT_UNDER = "SELECT count(*) FROM {table} WHERE region_code LIKE :prefix || '%'"


@pytest.fixture
async def session(people_database_url: str) -> AsyncIterator[AsyncSession]:
    engine = create_engine(people_database_url, Settings())
    async with create_session_factory(engine)() as session:
        yield session
    await engine.dispose()


def viewer(username: str) -> Viewer:
    grant = next(user.grant for user in DEMO_USERS if user.username == username)
    return Viewer(user_id=1, session_id=1, grants=(grant,))


async def _count(session: AsyncSession, table: str, prefix: str = "") -> int:
    statement = text(COUNT_UNDER.format(table=table))
    return int((await session.execute(statement, {"prefix": prefix})).scalar_one())


async def _owner_counts(session: AsyncSession) -> dict[str, int]:
    counts = {}
    for table in ("persons", "households"):
        for prefix in ("", XINFENGLU, DAGE, HUASHI):
            counts[f"{table}:{prefix}"] = await _count(session, table, prefix)
    await session.rollback()
    return counts


async def test_out_of_scope_rows_are_invisible(session: AsyncSession) -> None:
    owner = await _owner_counts(session)
    assert owner["persons:130826100"] > 0, "the demo has residents in 大阁镇"
    # No sign-in session 1 of user 1 is open: the folded liveness check says so.
    assert await enter_request_scope(session, viewer("xinfenglu.admin")) is False
    assert await _count(session, "persons", DAGE) == 0
    assert await _count(session, "households", DAGE) == 0
    assert await _count(session, "persons") == owner["persons:130826001"]
    assert await _count(session, "households") == owner["households:130826001"]


async def test_anonymous_sees_no_people(session: AsyncSession) -> None:
    assert await _count(session, "persons") > 0
    await session.rollback()
    assert await enter_request_scope(session, ANONYMOUS) is False
    assert await _count(session, "persons") == 0
    assert await _count(session, "households") == 0


async def test_resident_sees_own_household_only(session: AsyncSession) -> None:
    await enter_request_scope(session, viewer("resident.demo"))
    households = await session.execute(text("SELECT id FROM households"))
    assert [row.id for row in households] == [DEMO_HOUSEHOLD_ID]
    members = await session.execute(text("SELECT DISTINCT household_id FROM persons"))
    assert [row.household_id for row in members] == [DEMO_HOUSEHOLD_ID]


async def test_cashier_sees_the_households_the_supermarket_serves(session: AsyncSession) -> None:
    owner = await _owner_counts(session)
    await enter_request_scope(session, viewer("supermarket1.cashier"))
    assert await _count(session, "households") == owner["households:130826001001"] > 0


async def test_owner_is_unaffected_after_the_transaction(session: AsyncSession) -> None:
    owner = await _owner_counts(session)
    await enter_request_scope(session, ANONYMOUS)
    assert await _count(session, "persons") == 0
    await session.commit()
    assert await _count(session, "persons") == owner["persons:"]
    assert (await session.execute(text("SELECT current_user = session_user"))).scalar_one()


async def test_the_switch_at_begin_holds_for_the_whole_transaction(session: AsyncSession) -> None:
    """Anonymous requests switch when their transaction begins, whichever statement begins it:
    one through SQLAlchemy or one straight on the driver."""
    owner = await _owner_counts(session)
    enter_request_scope_on_begin(session, ANONYMOUS)
    assert await _count(session, "persons") == 0
    assert await _count(session, "households") == 0
    await session.commit()
    driver = await driver_connection(session)  # the next transaction begins here
    assert await driver.fetchval("SELECT count(*) FROM persons") == 0
    assert await _count(session, "persons") == 0
    await session.rollback()
    session.info.clear()
    assert await _count(session, "persons") == owner["persons:"] > 0
