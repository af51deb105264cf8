"""The day-end report of a supermarket (日结): what its till did on one county day.

Sales are the receipts written that day; returns are the returns made that day (of receipts of
any day); points taken are sales less returns; goods out are the items sold less the items
brought back, per goods; and the same per cashier. A day is the county's calendar day
(``kit.clock``: 00:00 to 24:00 China Standard Time). The supermarket's cashiers and the
administrators over its region may read it. A fixed number of statements, however busy the day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.models import User
from governance.access.principal import Viewer
from governance.bank.permissions import administers
from governance.supermarkets.models import (
    Goods,
    Receipt,
    ReceiptLine,
    ReceiptReturn,
    ReceiptReturnLine,
    Supermarket,
)
from governance.supermarkets.serving import may_use_till
from kit.clock import day_start

# Days a report may be asked for: the scheme's era, with room (and far from the calendar's
# ends, where the next day's midnight does not exist).
DAY_MIN = dt.date(2000, 1, 1)
DAY_MAX = dt.date(2099, 12, 31)


def reportable(day: dt.date) -> bool:
    return DAY_MIN <= day <= DAY_MAX


@dataclass(frozen=True, slots=True)
class Tally:
    """Sales and returns counted together (of a day, or of one cashier on it)."""

    sales_count: int = 0
    sales_points: int = 0
    returns_count: int = 0
    returns_points: int = 0

    @property
    def net_points(self) -> int:
        """Points taken: sold less given back."""
        return self.sales_points - self.returns_points

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.sales_count + other.sales_count, self.sales_points + other.sales_points,
            self.returns_count + other.returns_count, self.returns_points + other.returns_points,
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class GoodsOut:
    goods_id: int
    name: str
    unit_label: str
    sold_quantity: int
    returned_quantity: int
    sold_points: int
    returned_points: int

    @property
    def net_quantity(self) -> int:
        return self.sold_quantity - self.returned_quantity


@dataclass(frozen=True, slots=True)
class CashierDay:
    user_id: int | None
    username: str
    display_name: str
    tally: Tally


@dataclass(frozen=True, slots=True)
class DayReport:
    supermarket_id: int
    supermarket_name: str
    region_code: str
    day: dt.date
    totals: Tally
    goods: list[GoodsOut]
    cashiers: list[CashierDay]


def may_read(viewer: Viewer, supermarket: Supermarket) -> bool:
    """The supermarket's cashiers, and the administrators over its region."""
    return may_use_till(viewer, supermarket.id) or administers(viewer, supermarket.region_code)


async def day_report(
    session: AsyncSession, viewer: Viewer, supermarket_id: int, day: dt.date
) -> DayReport | None:
    """The report, or None when the supermarket does not exist or ``viewer`` may not read it."""
    assert reportable(day), day
    supermarket = await session.get(Supermarket, supermarket_id)
    if supermarket is None or not may_read(viewer, supermarket):
        return None
    period = (day_start(day), day_start(day + dt.timedelta(days=1)))
    tallies = await _cashier_tallies(session, supermarket_id, period)
    goods = await _goods_out(session, supermarket_id, period)
    users = await _users(session, [user_id for user_id in tallies if user_id is not None])
    cashiers = [
        CashierDay(user_id, *users.get(user_id, ("", "")), tally)
        for user_id, tally in sorted(tallies.items(), key=lambda item: users.get(item[0], ("",)))
    ]
    totals = sum((cashier.tally for cashier in cashiers), Tally())
    return DayReport(
        supermarket.id, supermarket.name, supermarket.region_code, day, totals, goods, cashiers
    )


Period = tuple[dt.datetime, dt.datetime]


async def _cashier_tallies(
    session: AsyncSession, supermarket_id: int, period: Period
) -> dict[int | None, Tally]:
    sales_columns: tuple[Any, ...] = (
        Receipt.cashier_user_id, func.count(), func.sum(Receipt.total_points),
    )  # fmt: skip
    sales = (
        select(*sales_columns)
        .where(
            Receipt.supermarket_id == supermarket_id,
            Receipt.created_at >= period[0],
            Receipt.created_at < period[1],
        )
        .group_by(Receipt.cashier_user_id)
    )
    returns_columns: tuple[Any, ...] = (
        ReceiptReturn.cashier_user_id, func.count(), func.sum(ReceiptReturn.points),
    )  # fmt: skip
    returns = (
        select(*returns_columns)
        .join(Receipt, Receipt.id == ReceiptReturn.receipt_id)
        .where(
            Receipt.supermarket_id == supermarket_id,
            ReceiptReturn.created_at >= period[0],
            ReceiptReturn.created_at < period[1],
        )
        .group_by(ReceiptReturn.cashier_user_id)
    )
    tallies: dict[int | None, Tally] = {}
    for user_id, count, points in (await session.execute(sales)).all():
        tallies[user_id] = tallies.get(user_id, Tally()) + Tally(int(count), int(points))
    for user_id, count, points in (await session.execute(returns)).all():
        tallies[user_id] = tallies.get(user_id, Tally()) + Tally(0, 0, int(count), int(points))
    return tallies


async def _goods_out(session: AsyncSession, supermarket_id: int, period: Period) -> list[GoodsOut]:
    """Per goods: items and points sold in the period, and brought back in it."""
    sold_columns: tuple[Any, ...] = (
        ReceiptLine.goods_id, func.sum(ReceiptLine.quantity), func.sum(ReceiptLine.amount_points),
    )  # fmt: skip
    sold = (
        select(*sold_columns)
        .join(Receipt, Receipt.id == ReceiptLine.receipt_id)
        .where(
            Receipt.supermarket_id == supermarket_id,
            Receipt.created_at >= period[0],
            Receipt.created_at < period[1],
        )
        .group_by(ReceiptLine.goods_id)
    )
    back_columns: tuple[Any, ...] = (
        ReceiptLine.goods_id,
        func.sum(ReceiptReturnLine.quantity),
        func.sum(ReceiptReturnLine.quantity * ReceiptLine.unit_price_points),
    )
    back = (
        select(*back_columns)
        .select_from(ReceiptReturnLine)
        .join(ReceiptReturn, ReceiptReturn.id == ReceiptReturnLine.return_id)
        .join(
            ReceiptLine,
            (ReceiptLine.receipt_id == ReceiptReturnLine.receipt_id)
            & (ReceiptLine.line_number == ReceiptReturnLine.line_number),
        )
        .join(Receipt, Receipt.id == ReceiptLine.receipt_id)
        .where(
            Receipt.supermarket_id == supermarket_id,
            ReceiptReturn.created_at >= period[0],
            ReceiptReturn.created_at < period[1],
        )
        .group_by(ReceiptLine.goods_id)
    )
    moved: dict[int, list[int]] = {}
    for goods_id, quantity, points in (await session.execute(sold)).all():
        moved.setdefault(goods_id, [0, 0, 0, 0])[0:2] = [int(quantity), int(points)]
    for goods_id, quantity, points in (await session.execute(back)).all():
        moved.setdefault(goods_id, [0, 0, 0, 0])[2:4] = [int(quantity), int(points)]
    if not moved:
        return []
    names = await _goods_names(session, list(moved))
    return [
        GoodsOut(goods_id, *names[goods_id], sold_quantity=numbers[0],
                 returned_quantity=numbers[2], sold_points=numbers[1], returned_points=numbers[3])
        for goods_id, numbers in sorted(moved.items())
    ]  # fmt: skip


async def _goods_names(
    session: AsyncSession, goods_ids: Sequence[int]
) -> dict[int, tuple[str, str]]:
    statement = select(Goods.id, Goods.name, Goods.unit_label).where(Goods.id.in_(goods_ids))
    return {row.id: (row.name, row.unit_label) for row in await session.execute(statement)}


async def _users(
    session: AsyncSession, user_ids: Sequence[int]
) -> dict[int | None, tuple[str, str]]:
    if not user_ids:
        return {}
    statement = select(User.id, User.username, User.display_name).where(User.id.in_(user_ids))
    return {row.id: (row.username, row.display_name) for row in await session.execute(statement)}
