"""Goal: the dashboard's ledger activity counts a transfer in the county's month: at 07:30 in
Beijing on 1 December (23:30 UTC on 30 November) it is December's, at 23:30 in Beijing on
30 November (15:30 UTC) still November's, whatever the database session's time zone.

Method: the month expression evaluated by PostgreSQL on literal instants, in a session whose
time zone is UTC.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import literal, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import DateTime

from governance.indicators.activity import county_month


@pytest.mark.parametrize(
    ("instant", "month"),
    [
        (dt.datetime(2026, 11, 30, 23, 30, tzinfo=dt.UTC), dt.date(2026, 12, 1)),
        (dt.datetime(2026, 11, 30, 15, 30, tzinfo=dt.UTC), dt.date(2026, 11, 1)),
        (dt.datetime(2026, 12, 31, 16, 0, tzinfo=dt.UTC), dt.date(2027, 1, 1)),
    ],
)
async def test_a_transfer_falls_in_the_countys_month(
    session: AsyncSession, instant: dt.datetime, month: dt.date
) -> None:
    await session.execute(text("SET LOCAL TIME ZONE 'UTC'"))
    expression = county_month(literal(instant, DateTime(timezone=True)))
    assert await session.scalar(select(expression)) == month
