"""Goal: periodic clearing expires every wallet's available points into the scheme's expiry
account as ledger transfers (never deletions), leaves pending awards alone, runs once per
clearing day however often it is called, and moves the next clearing a year on.

Method: the services on the demo database (its county scheme has posted awards in 花石社区):
one award left pending, the clearing day set, ``clear_due`` called twice; balances read from
the ledger; ``ledger.verify`` clean afterwards.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

import ledger
from governance.bank import announcements, applications, service
from governance.bank.clearing import clear_due
from governance.bank.models import Holder, RuleCategory
from kit.clock import local_day
from kit.database import create_engine, create_session_factory, session_scope
from kit.settings import Settings
from tests.governance.bank.factories import county_admin, demo_scheme

TODAY = dt.date(2026, 12, 31)


@pytest.fixture
async def db(people_database_url: str) -> AsyncIterator[AsyncSession]:
    engine = create_engine(people_database_url, Settings())
    async with session_scope(create_session_factory(engine)) as session:
        yield session
    await engine.dispose()


async def _available(db: AsyncSession, account_id: int) -> tuple[int, int]:
    [account] = await ledger.lookup_accounts(db, [account_id])
    return account.balances.available_credit_balance, account.balances.credits_pending


async def test_clearing(db: AsyncSession) -> None:
    scheme = await demo_scheme(db)
    admin = await county_admin(db)
    holder = await service.open_holder(db, scheme, service.Owner(household_id=2))
    available_before, _ = await _available(db, holder.points_account_id)
    assert available_before > 0
    now = dt.datetime(2026, 12, 30, tzinfo=dt.UTC)
    rule = await service.add_rule(
        db, admin, service.RuleDraft(scheme.id, "P-1", RuleCategory.OTHER, "待公示", 7), now
    )
    entry = await applications.propose(
        db,
        admin,
        applications.Proposal(rule.id, service.Owner(household_id=2), local_day(now)),
        now,
    )
    await applications.review(db, admin, applications.Review(entry.id, True), now)
    await announcements.publish(db, admin, scheme.id, "130826001001", now)
    wallets = [h.points_account_id for h in (await db.execute(Holder.__table__.select())).all()]
    total = sum([(await _available(db, w))[0] for w in wallets])

    scheme.clears_on = TODAY
    await db.flush()
    assert await clear_due(db, TODAY - dt.timedelta(days=1)) == 0
    assert await clear_due(db, TODAY) == total
    assert await _available(db, holder.points_account_id) == (0, 7)
    [expired] = await ledger.lookup_accounts(db, [scheme.expiry_account_id])
    assert expired.balances.credit_balance == total
    assert scheme.clears_on == dt.date(2027, 12, 31)
    assert await clear_due(db, TODAY) == 0, "a clearing day clears once"
    page = await ledger.statement(db, holder.points_account_id, limit=1)
    assert page.entries[0].transfer.reference == "clearing:2026-12-31"
    await db.commit()
    assert (await ledger.verify(db)).violations == []
