"""Goal: loading Fengning writes the whole tree once; loading again changes nothing.

Method: load into a fresh migrated database through the service, then count with SQL.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from governance.regions import repository
from governance.regions.codes import RegionLevel
from governance.regions.models import Region
from governance.regions.service import load_fengning
from kit.database import session_scope


async def test_load_is_idempotent(session_factory: async_sessionmaker[AsyncSession]) -> None:
    async with session_scope(session_factory) as session:
        assert await load_fengning(session) == 1 + 27 + 323 + 797
    async with session_scope(session_factory) as session:
        assert await load_fengning(session) == 0
        total = await session.scalar(select(func.count()).select_from(Region))
    assert total == 1148


async def test_descendant_counts(session: AsyncSession) -> None:
    await load_fengning(session)
    grids = await repository.descendant_counts(
        session, RegionLevel.GRID, ["130826", "130826001", "130826100"]
    )
    villages = await repository.descendant_counts(session, RegionLevel.VILLAGE, ["130826"])
    assert grids["130826"] == 797
    assert grids["130826001"] == 421
    assert villages == {"130826": 323}
