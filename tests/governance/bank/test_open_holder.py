"""Goal: two first awards racing for a household without an account open one holder and one
wallet between them, and neither fails (it used to end in a unique violation, a 500).

Method: two sessions on the demo database call ``open_holder`` for the same new household at
once; the first keeps its transaction open a moment so the second meets its uncommitted rows.
"""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from governance.bank import service
from governance.bank.models import Holder
from governance.people.models import Household
from kit.database import create_engine, create_session_factory, session_scope
from kit.settings import Settings
from tests.governance.bank.factories import demo_scheme


async def _household_without_holder(session: AsyncSession, scheme_id: int) -> int:
    held = select(Holder.household_id).where(
        Holder.scheme_id == scheme_id, Holder.household_id.is_not(None)
    )
    statement = select(func.max(Household.id)).where(Household.id.not_in(held))
    return int((await session.execute(statement)).scalar_one())


async def _open(factory: async_sessionmaker[AsyncSession], household_id: int) -> tuple[int, int]:
    async with session_scope(factory) as session:
        scheme = await demo_scheme(session)
        holder = await service.open_holder(session, scheme, service.Owner(household_id))
        await asyncio.sleep(0.2)  # still uncommitted when the other opener arrives
        return holder.id, holder.points_account_id


async def test_racing_first_openings_share_one_holder(people_database_url: str) -> None:
    engine = create_engine(people_database_url, Settings())
    factory = create_session_factory(engine)
    try:
        async with session_scope(factory) as session:
            scheme = await demo_scheme(session)
            household_id = await _household_without_holder(session, scheme.id)
        first, second = await asyncio.gather(
            _open(factory, household_id), _open(factory, household_id)
        )
        assert first == second
        async with session_scope(factory) as session:
            count = select(func.count()).where(
                Holder.scheme_id == scheme.id, Holder.household_id == household_id
            )
            assert (await session.execute(count)).scalar_one() == 1
    finally:
        await engine.dispose()
