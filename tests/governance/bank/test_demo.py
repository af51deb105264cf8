"""Goal: the demo bank is consistent with the demo users and idempotent: supermarket 1 lies in
the village of household 1 (the demo resident's), its cashier can serve that household, the
demo awards posted, and loading again adds nothing.

Method: the demo database at the tests' scale (loaded once per session through `load_demo`);
``load_bank`` run again; rows and ledger balances read back.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

import ledger
from governance.bank.demo import load_bank
from governance.bank.models import Application, ApplicationStatus, Holder
from governance.people.models import Household
from governance.supermarkets.models import Receipt, Supermarket
from kit.database import create_engine, create_session_factory, session_scope
from kit.settings import Settings


@pytest.fixture
async def db(people_database_url: str) -> AsyncIterator[AsyncSession]:
    engine = create_engine(people_database_url, Settings())
    async with session_scope(create_session_factory(engine)) as session:
        yield session
    await engine.dispose()


async def test_demo_bank(db: AsyncSession) -> None:
    supermarket = await db.get(Supermarket, 1)
    household = await db.get(Household, 1)
    assert supermarket is not None
    assert household is not None
    assert household.region_code.startswith(supermarket.region_code)
    statuses = set((await db.execute(select(Application.status))).scalars())
    assert statuses == {ApplicationStatus.POSTED}
    receipt = (await db.execute(select(Receipt))).scalar_one()
    assert receipt.idempotency_key == "demo-1"
    holder = await db.get(Holder, receipt.holder_id)
    assert holder is not None
    [wallet] = await ledger.lookup_accounts(db, [holder.points_account_id])
    assert wallet.balances.available_credit_balance == receipt.balance_after_points == 15

    assert await load_bank(db) == {"points_schemes": 0, "supermarkets": 0, "points_awards": 0}
    assert await db.scalar(select(func.count()).select_from(Supermarket)) == 2
