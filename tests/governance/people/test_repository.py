"""Goal: roster look-ups work for files larger than PostgreSQL's 32,767 bind parameters.

Method: ask for 40,000 ID-card numbers and household numbers in a fresh database.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from governance.people import repository
from governance.people.models import Household
from governance.people.service import HOUSEHOLD_COLUMNS
from governance.regions.codes import RegionLevel
from governance.regions.models import Region, RegionKind
from kit.database import session_scope
from kit.statement_counter import StatementCounter, current_counter

LOOKUP_SIZE = 40_000
VILLAGE_CODE = "130826100001"


async def test_lookups_take_one_array_parameter(session: AsyncSession) -> None:
    numbers = [f"{n:018d}" for n in range(LOOKUP_SIZE)]
    assert await repository.existing_id_card_numbers(session, numbers) == set()
    assert await repository.households_by_number(session, numbers) == {}


async def test_copy_rows_is_counted_and_inside_the_session_transaction(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    """Goal: COPY reaches the driver through ``kit.driver`` (transaction begun, statement counted).

    Method: COPY one household as the first statement of a session while counting statements,
    roll back, and find no household.
    """
    async with session_scope(session_factory) as session:
        session.add(
            Region(code=VILLAGE_CODE, name="村", level=RegionLevel.VILLAGE, kind=RegionKind.VILLAGE)
        )
    counter = StatementCounter()
    token = current_counter.set(counter)
    try:
        async with session_factory() as session:
            row = (1, "H-1", VILLAGE_CODE, None, None)
            await repository.copy_rows(session, "households", HOUSEHOLD_COLUMNS, [row])
            await session.rollback()
    finally:
        current_counter.reset(token)
    async with session_factory() as session:
        assert await session.scalar(select(func.count()).select_from(Household)) == 0
    assert counter.count == 1
