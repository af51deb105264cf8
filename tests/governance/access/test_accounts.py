"""Goal: the county keeps an active administrator even when two administrators deactivate
each other at the same moment.

Method: two county administrators on the demo regions; two database sessions run the two
deactivations; the first holds its transaction open (its locks held) while the second starts,
then commits. The second must be refused with LAST_COUNTY_ADMIN, and one administrator stays.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from governance.access.accounts import deactivate_account
from governance.access.models import User
from governance.access.passwords import Passwords
from governance.access.principal import Grant, Viewer
from governance.access.roles import Role
from governance.access.users import create_user
from governance.refusals import Refusal, RefusalCode
from kit.database import create_engine, create_session_factory
from kit.settings import Settings

COUNTY = "130826"
NOW = datetime(2026, 12, 3, tzinfo=UTC)


async def test_two_county_admins_deactivating_each_other_leave_one(
    demo_database_url: str, settings: Settings, passwords: Passwords
) -> None:
    engine = create_engine(demo_database_url, settings)
    sessions = create_session_factory(engine)
    grant = Grant(Role.COUNTY_ADMIN, COUNTY)
    viewers = {}
    async with sessions() as session:
        for name in ("first.county", "second.county"):
            user = await create_user(
                session, passwords, username=name, password="x" * 12, display_name=name,
                grants=[grant],
            )  # fmt: skip
            viewers[name] = Viewer(user_id=user.id, session_id=1, grants=(grant,))
        await session.commit()
    async with sessions() as first, sessions() as second:
        await deactivate_account(first, viewers["first.county"], "second.county", now=NOW)
        other = asyncio.create_task(
            deactivate_account(second, viewers["second.county"], "first.county", now=NOW)
        )
        await asyncio.sleep(0.5)
        assert not other.done(), "the second waits for the first's locks"
        await first.commit()
        with pytest.raises(Refusal) as refused:
            await other
        assert refused.value.code is RefusalCode.LAST_COUNTY_ADMIN
        await second.rollback()
    async with sessions() as session:
        active = (
            select(func.count())
            .select_from(User)
            .where(User.username.in_(["first.county", "second.county"]), User.active)
        )
        assert (await session.execute(active)).scalar_one() == 1
    await engine.dispose()
