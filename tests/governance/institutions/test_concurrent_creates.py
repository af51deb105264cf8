"""Goal: two administrators opening the same region's governance center at the same moment get
one center and one clear refusal (``CENTER_EXISTS``), not an internal error.

Method: two sessions on the people demo. The first creates the center and holds its transaction
open; the second creates it too, passes the duplicate check (the first row is not committed
yet) and waits on the unique constraint, which the test sees in ``pg_stat_activity`` before the
first commits.
"""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.models import User
from governance.access.principal import Grant, Viewer
from governance.access.roles import Role
from governance.centers.models import GovernanceCenter
from governance.centers.service import CenterDraft, create_center
from governance.refusals import Refusal, RefusalCode
from governance.regions.codes import RegionLevel
from governance.regions.models import Region
from kit.database import create_engine, create_session_factory
from kit.settings import Settings

NOW = dt.datetime(2026, 12, 3, 4, 0, tzinfo=dt.UTC)


async def test_second_concurrent_center_is_refused(people_database_url: str) -> None:
    engine = create_engine(people_database_url, Settings())
    sessions = create_session_factory(engine)
    try:
        async with sessions() as first, sessions() as second, sessions() as watcher:
            user_id = await watcher.scalar(select(User.id).where(User.username == "county.admin"))
            assert user_id is not None
            grants = (Grant(Role.COUNTY_ADMIN, "130826"),)
            admin = Viewer(user_id=user_id, session_id=1, grants=grants)
            centered = select(GovernanceCenter.region_code)
            village = await watcher.scalar(
                select(Region.code)
                .where(Region.level == RegionLevel.VILLAGE, Region.code.not_in(centered))
                .order_by(Region.code)
                .limit(1)
            )
            await watcher.commit()
            assert village is not None
            draft = CenterDraft(region_code=village, name="并发综治中心")
            await create_center(first, admin, NOW, draft)
            racing = asyncio.create_task(create_center(second, admin, NOW, draft))
            await _until_waiting_on_a_lock(watcher, racing)
            await first.commit()
            with pytest.raises(Refusal) as refused:
                await racing
            assert (refused.value.code, refused.value.field) == (
                RefusalCode.CENTER_EXISTS,
                "regionCode",
            )
            await second.rollback()
            kept = await watcher.scalars(
                select(GovernanceCenter.name).where(GovernanceCenter.region_code == village)
            )
            assert list(kept) == ["并发综治中心"]
    finally:
        await engine.dispose()


async def _until_waiting_on_a_lock(watcher: AsyncSession, racing: asyncio.Task[object]) -> None:
    waiting = text(
        "SELECT count(*) FROM pg_stat_activity"
        " WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    for _ in range(200):
        assert not racing.done(), "the second create finished before the first committed"
        if await watcher.scalar(waiting):
            return
        await watcher.rollback()
        await asyncio.sleep(0.02)
    raise AssertionError("the second create never waited on the first")
