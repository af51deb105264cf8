"""Goal: one entry the ledger refuses at the deadline (an award to a wallet closed meanwhile)
never stops settlement: the other households of its notice board post, the broken entry is set
aside (recorded with the ledger's reason, still pending), the next run does not fail on it, and
the yearly clearing still runs (a closed wallet keeps its points, the others expire).

Method: the services on the demo database: two households of 花石社区 on one announcement,
the first one's wallet closed in the ledger (as an account closed before closing refused
pending entries), ``settle_due`` past the deadline twice, then ``clear_due``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

import ledger
from governance.bank import announcements, service
from governance.bank.clearing import clear_due
from governance.bank.models import ApplicationStatus, SetAsideEntry
from kit.database import create_engine, create_session_factory, session_scope
from kit.settings import Settings
from tests.governance.bank.factories import announce, demo_scheme

NOW = dt.datetime(2026, 12, 1, 2, 0, tzinfo=dt.UTC)
AFTER_DEADLINE = NOW + dt.timedelta(days=8)


@pytest.fixture
async def db(people_database_url: str) -> AsyncIterator[AsyncSession]:
    engine = create_engine(people_database_url, Settings())
    async with session_scope(create_session_factory(engine)) as session:
        yield session
    await engine.dispose()


async def _balances(db: AsyncSession, household_id: int) -> ledger.Balances:
    scheme = await demo_scheme(db)
    holder = await service.open_holder(db, scheme, service.Owner(household_id=household_id))
    [wallet] = await ledger.lookup_accounts(db, [holder.points_account_id])
    return wallet.balances


async def test_a_closed_wallet_is_set_aside_and_the_rest_settles(db: AsyncSession) -> None:
    broken, sound = await announce(db, [2, 1], 5, NOW)
    closed_before = await _balances(db, 2)
    sound_before = await _balances(db, 1)
    scheme = await demo_scheme(db)
    holder = await service.open_holder(db, scheme, service.Owner(household_id=2))
    assert await ledger.close_account(db, holder.points_account_id)

    assert await announcements.settle_due(db, AFTER_DEADLINE) >= 1

    assert (sound.status, broken.status) == (ApplicationStatus.POSTED, ApplicationStatus.ANNOUNCED)
    sound_after = await _balances(db, 1)
    assert sound_after.credits_posted == sound_before.credits_posted + 5
    assert sound_after.credits_pending == sound_before.credits_pending - 5
    assert await _balances(db, 2) == closed_before, "the broken entry is left as it was"
    aside = (await db.execute(select(SetAsideEntry))).scalars().all()
    assert [(a.application_id, a.reason) for a in aside] == [(broken.id, "CREDIT_ACCOUNT_CLOSED")]
    assert aside[0].region_code == broken.region_code

    assert await announcements.settle_due(db, AFTER_DEADLINE + dt.timedelta(days=1)) == 0

    scheme.clears_on = AFTER_DEADLINE.date()
    await db.flush()
    expired = await clear_due(db, AFTER_DEADLINE.date())
    assert expired >= sound_after.available_credit_balance > 0
    assert (await _balances(db, 1)).available_credit_balance == 0
    assert await _balances(db, 2) == closed_before, "a closed wallet keeps its points"
    assert (await ledger.verify(db)).ok
