"""Goal: whatever the sequence of sales, retried sales, refused sales and returns (whole or by
lines) at a till, points and stock are conserved exactly: the wallet holds what was awarded
minus what was sold plus what was returned, the till the difference, every shelf its stock
minus what left plus what came back; a retried key never charges twice; no return gives back
more than was bought.

Method: hypothesis draws histories run through the services (as `supermarket1.cashier`) on a
fresh clone of the demo per example; a plain model tracks the expected figures; the ledger is
read back and ``ledger.verify`` run at the end.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

import ledger
from governance.access.principal import Grant, Viewer
from governance.access.roles import Role
from governance.refusals import Refusal
from governance.supermarkets import redemption, returns
from governance.supermarkets.models import Goods, Supermarket
from kit.database import create_engine, create_session_factory, session_scope, with_database
from kit.settings import Settings
from tests.governance.bank.factories import top_up_to, user_id
from tests.support import databases

HOUSEHOLD = 3
STEPS_MAX = 10


@dataclass
class Model:
    wallet: int
    till: int = 0
    stock: dict[int, int] = field(default_factory=dict)
    receipts: dict[str, redemption.ReceiptView] = field(default_factory=dict)  # key → receipt
    returned: dict[int, dict[int, int]] = field(default_factory=dict)  # receipt → line → qty
    return_keys: set[tuple[int, str]] = field(default_factory=set)  # a replay returns nothing


@dataclass
class Till:
    viewer: Viewer
    supermarket: Supermarket
    goods: list[Goods]
    holder_id: int
    wallet_id: int


async def _till(session: AsyncSession) -> Till:
    cashier = await user_id(session, "supermarket1.cashier")
    viewer = Viewer(cashier, 0, (Grant(Role.SUPERMARKET_CASHIER, supermarket_id=1),))
    supermarket = await session.get(Supermarket, 1)
    assert supermarket is not None
    goods = list(
        (
            await session.execute(select(Goods).where(Goods.supermarket_id == 1).order_by(Goods.id))
        ).scalars()
    )
    holder = await top_up_to(session, HOUSEHOLD, 200)
    return Till(viewer, supermarket, goods, holder.id, holder.points_account_id)


async def _balances(session: AsyncSession, ids: list[int]) -> list[int]:
    found = {a.id: a for a in await ledger.lookup_accounts(session, ids)}
    return [found[i].balances.credit_balance for i in ids]


async def _sale(session: AsyncSession, till: Till, model: Model, data: st.DataObject) -> None:
    if model.receipts and data.draw(st.booleans()):
        key = data.draw(st.sampled_from(sorted(model.receipts)))  # a retry
        stored = model.receipts[key]
        lines = [redemption.SaleLine(line.goods_id, line.quantity) for line in stored.lines]
    else:
        key = f"k{len(model.receipts)}-{data.draw(st.integers(0, 10**6))}"
        picked = data.draw(
            st.lists(st.sampled_from(till.goods), min_size=1, max_size=3, unique_by=lambda g: g.id)
        )
        lines = [redemption.SaleLine(g.id, data.draw(st.integers(1, 3))) for g in picked]
    sale = redemption.Sale(till.supermarket.id, till.holder_id, lines, key)
    try:
        receipt = await redemption.redeem(session, till.viewer, sale)
    except Refusal as refusal:
        expected = refusal.code in ("INSUFFICIENT_POINTS", "INSUFFICIENT_STOCK")
        assert expected, refusal.code  # noqa: PT017 (a refusal is one outcome among others)
        return
    if key in model.receipts:
        assert receipt.id == model.receipts[key].id, "a retry answers the same receipt"
        return
    model.receipts[key] = receipt
    model.wallet -= receipt.total_points
    model.till += receipt.total_points
    for line in receipt.lines:
        model.stock[line.goods_id] -= line.quantity


async def _return(session: AsyncSession, till: Till, model: Model, data: st.DataObject) -> None:
    receipt = model.receipts[data.draw(st.sampled_from(sorted(model.receipts)))]
    done = model.returned.setdefault(receipt.id, {})
    line = data.draw(st.sampled_from(receipt.lines))
    quantity = data.draw(st.integers(1, line.quantity))
    whole = data.draw(st.booleans())
    request = returns.ReturnRequest(
        receipt.id, f"r{data.draw(st.integers(0, 10**6))}",
        None if whole else [returns.ReturnLine(line.line_number, quantity)],
    )  # fmt: skip
    try:
        async with session.begin_nested():
            await returns.return_goods(session, till.viewer, request)
    except Refusal as refusal:
        expected = refusal.code in ("QUANTITY_INVALID", "NOTHING_TO_RETURN")
        assert expected, refusal.code  # noqa: PT017 (a refusal is one outcome among others)
        return
    if (receipt.id, request.idempotency_key) in model.return_keys:
        return
    model.return_keys.add((receipt.id, request.idempotency_key))
    wanted = (
        {r.line_number: r.quantity - done.get(r.line_number, 0) for r in receipt.lines}
        if whole
        else {line.line_number: quantity}
    )
    for number, back in wanted.items():
        bought = next(r for r in receipt.lines if r.line_number == number)
        assert done.get(number, 0) + back <= bought.quantity
        done[number] = done.get(number, 0) + back
        model.wallet += back * bought.unit_price_points
        model.till -= back * bought.unit_price_points
        model.stock[bought.goods_id] += back


async def scenario(url: str, data: st.DataObject) -> None:
    engine = create_engine(url, Settings())
    try:
        async with session_scope(create_session_factory(engine)) as session:
            till = await _till(session)
            [wallet, till_points] = await _balances(
                session, [till.wallet_id, till.supermarket.till_account_id]
            )
            shelves = await _balances(session, [g.shelf_account_id for g in till.goods])
            model = Model(
                wallet, till_points, {g.id: s for g, s in zip(till.goods, shelves, strict=True)}
            )
            for _ in range(data.draw(st.integers(1, STEPS_MAX))):
                if model.receipts and data.draw(st.integers(0, 2)) == 0:
                    await _return(session, till, model, data)
                else:
                    await _sale(session, till, model, data)
            assert await _balances(session, [till.wallet_id, till.supermarket.till_account_id]) == [
                model.wallet,
                model.till,
            ]
            assert await _balances(session, [g.shelf_account_id for g in till.goods]) == [
                model.stock[g.id] for g in till.goods
            ]
        async with session_scope(create_session_factory(engine)) as session:
            assert (await ledger.verify(session)).violations == []
    finally:
        await engine.dispose()


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_sales_and_returns_conserve_points_and_stock(
    pg_url: str, people_template: str, data
) -> None:  # type: ignore[no-untyped-def]
    name = databases.create_database_from(pg_url, people_template, prefix="prop_")
    try:
        asyncio.run(scenario(with_database(pg_url, name), data))
    finally:
        databases.drop_database(pg_url, name)
