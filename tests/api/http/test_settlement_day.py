"""Goal: the settlement task clears a scheme on its clearing day of the county's calendar: at
00:30 in Beijing on 31 December (16:30 UTC on the 30th) a scheme clearing on the 31st is
cleared, and its next clearing moves a year on.

Method: ``settle_once`` over the demo database with a clock standing at that instant; the
scheme's clearing day read back with SQL.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from api.http.settlement import settle_once
from governance.bank.models import Scheme
from kit.clock import ManualClock
from kit.database import create_engine, create_session_factory, session_scope
from kit.settings import Settings

CLEARING_DAY = dt.date(2026, 12, 31)
BEIJING_SMALL_HOURS = dt.datetime(2026, 12, 30, 16, 30, tzinfo=dt.UTC)


async def test_clearing_runs_on_the_countys_clearing_day(people_database_url: str) -> None:
    engine = create_engine(people_database_url, Settings())
    factory = create_session_factory(engine)
    try:
        async with session_scope(factory) as session:
            scheme = (
                await session.execute(select(Scheme).order_by(Scheme.id).limit(1))
            ).scalar_one()
            scheme.clears_on, scheme_id = CLEARING_DAY, scheme.id
        await settle_once(factory, ManualClock(BEIJING_SMALL_HOURS))
        async with session_scope(factory) as session:
            clears_on = await session.scalar(select(Scheme.clears_on).where(Scheme.id == scheme_id))
    finally:
        await engine.dispose()
    assert clears_on == dt.date(2027, 12, 31)
