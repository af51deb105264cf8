"""Goal: whatever the sequence of stock-ins, write-offs (some beyond the shelf) and stocktakes
(short, over or matching), called through the service functions with plain dataclasses (as the
imports do), the shelf is always what a plain model expects, never negative; the adjusted
account holds the net written off; received = shelf + issued + adjusted; and the ledger
verifies clean.

Method: hypothesis draws histories run as the admin of 新丰路街道 over goods of supermarket 1,
on a fresh clone of the demo per example; refused write-offs run in a savepoint (as
``run_mutation`` does) and must leave the shelf as it was.
"""

from __future__ import annotations

import asyncio
import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

import ledger
from governance.access.principal import Grant, Viewer
from governance.access.roles import Role
from governance.refusals import Refusal, RefusalCode
from governance.supermarkets import adjustments, service
from governance.supermarkets.models import Goods, StockAdjustmentReason, StockSource
from kit.database import create_engine, create_session_factory, session_scope, with_database
from kit.settings import Settings
from tests.governance.bank.factories import user_id
from tests.support import databases

STEPS_MAX = 12
NOW = dt.datetime(2026, 12, 3, 8, 0, tzinfo=dt.UTC)
REASONS = [reason for reason in StockAdjustmentReason if reason in adjustments.WRITE_OFF_REASONS]


async def _balances(session: AsyncSession, goods: Goods) -> dict[str, int]:
    """Credit balances (received: its debit balance); no adjusted account yet reads as 0."""
    ids = [goods.shelf_account_id, goods.received_account_id, goods.issued_account_id]
    if goods.adjusted_account_id is not None:
        ids.append(goods.adjusted_account_id)
    found = {a.id: a.balances.credit_balance for a in await ledger.lookup_accounts(session, ids)}
    return {
        "shelf": found[goods.shelf_account_id], "received": -found[goods.received_account_id],
        "issued": found[goods.issued_account_id],
        "adjusted": found.get(goods.adjusted_account_id or 0, 0),
    }  # fmt: skip


async def _step(
    session: AsyncSession, admin: Viewer, goods: Goods, shelf: int, data: st.DataObject
) -> tuple[int, int]:
    """One drawn step; answers the shelf after it and the net items it wrote off."""
    kind = data.draw(st.sampled_from(["receive", "write_off", "count"]))
    if kind == "receive":
        quantity = data.draw(st.integers(1, 20))
        delivery = service.Delivery(goods.id, quantity, StockSource.PURCHASE, NOW.date())
        await service.receive_stock(session, admin, delivery)
        return shelf + quantity, 0
    if kind == "count":
        counted = data.draw(st.integers(0, shelf + 10))
        request = adjustments.Stocktake(goods.id, counted)
        adjustment = await adjustments.count_stock(session, admin, request, NOW)
        assert (adjustment.shelf_before, adjustment.quantity) == (shelf, counted - shelf)
        return counted, shelf - counted
    quantity = data.draw(st.integers(1, shelf + 5))
    write_off = adjustments.WriteOff(
        goods.id, quantity, data.draw(st.sampled_from(REASONS)), "记录"
    )
    try:
        async with session.begin_nested():
            await adjustments.write_off(session, admin, write_off, NOW)
    except Refusal as refusal:
        assert refusal.code is RefusalCode.INSUFFICIENT_STOCK  # noqa: PT017
        assert quantity > shelf
        return shelf, 0
    return shelf - quantity, quantity


async def scenario(url: str, data: st.DataObject) -> None:
    engine = create_engine(url, Settings())
    try:
        async with session_scope(create_session_factory(engine)) as session:
            admin_id = await user_id(session, "xinfenglu.admin")
            admin = Viewer(admin_id, 0, (Grant(Role.TOWNSHIP_ADMIN, "130826001"),))
            statement = select(Goods).where(Goods.supermarket_id == 1).order_by(Goods.id)
            goods = data.draw(st.sampled_from(list((await session.scalars(statement)).all())))
            [shelf_account] = await ledger.lookup_accounts(session, [goods.shelf_account_id])
            shelf, written_off = shelf_account.balances.credit_balance, 0
            # A matching count is recorded, moves nothing and opens no account.
            matched = await adjustments.count_stock(
                session, admin, adjustments.Stocktake(goods.id, shelf), NOW
            )
            assert (matched.quantity, matched.transfer_id, goods.adjusted_account_id) == (
                0, None, None,
            )  # fmt: skip
            for _ in range(data.draw(st.integers(1, STEPS_MAX))):
                shelf, lost = await _step(session, admin, goods, shelf, data)
                written_off += lost
            await session.refresh(goods)
            balances = await _balances(session, goods)
            assert (balances["shelf"], balances["adjusted"]) == (shelf, written_off)
            assert balances["received"] == (
                balances["shelf"] + balances["issued"] + balances["adjusted"]
            )
        async with session_scope(create_session_factory(engine)) as session:
            assert (await ledger.verify(session)).violations == []
    finally:
        await engine.dispose()


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_adjustments_keep_stock_in_balance(pg_url: str, people_template: str, data) -> None:  # type: ignore[no-untyped-def]
    name = databases.create_database_from(pg_url, people_template, prefix="adj_")
    try:
        asyncio.run(scenario(with_database(pg_url, name), data))
    finally:
        databases.drop_database(pg_url, name)
