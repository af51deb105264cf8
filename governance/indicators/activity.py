"""Morality-bank activity for the dashboard, read from the points ledger by flow.

A flow is told by the accounts a ``POINTS`` transfer moves between (the bank's account codes,
``governance.bank.accounts``): from a scheme's pool to a holder's wallet is an award (posted:
ISSUED; reserved during the public announcement: PENDING); from a wallet to a supermarket's
till is a REDEEMED purchase, and back again a RETURNED one; into a scheme's expiry account is
EXPIRED by clearing. Anything else (settling a reservation, corrections) is OTHER.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Date, case, cast, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute, aliased

from kit.clock import COUNTY_TIME_ZONE_NAME, day_start
from ledger.models import LedgerAccount, LedgerTransfer
from ledger.types import TransferKind, Unit

ACTIVITY_MONTHS_MAX = 24


class Flow(enum.StrEnum):
    ISSUED = "ISSUED"
    PENDING = "PENDING"
    REDEEMED = "REDEEMED"
    RETURNED = "RETURNED"
    EXPIRED = "EXPIRED"
    OTHER = "OTHER"


@dataclass(frozen=True, slots=True)
class MonthActivity:
    month: dt.date
    flow: Flow
    transfers: int
    amount_points: int


async def points_by_month(session: AsyncSession, as_of: dt.date) -> list[MonthActivity]:
    """Transfers and points per month and flow, the last ``ACTIVITY_MONTHS_MAX`` months."""
    debit, credit = aliased(LedgerAccount), aliased(LedgerAccount)
    month = county_month(LedgerTransfer.recorded_at).label("month")
    from_pool = debit.code.like("scheme:%:pool")
    flow = case(
        (from_pool & (LedgerTransfer.kind == TransferKind.PENDING), Flow.PENDING.value),
        (from_pool & (LedgerTransfer.kind == TransferKind.POSTED), Flow.ISSUED.value),
        (credit.code.like("supermarket:%:till"), Flow.REDEEMED.value),
        (debit.code.like("supermarket:%:till"), Flow.RETURNED.value),
        (credit.code.like("scheme:%:expired"), Flow.EXPIRED.value),
        else_=Flow.OTHER.value,
    ).label("flow")
    start = _months_back(as_of.replace(day=1), ACTIVITY_MONTHS_MAX - 1)
    statement = (
        select(month, flow, func.count(), func.sum(LedgerTransfer.amount))
        .join(debit, debit.id == LedgerTransfer.debit_account_id)
        .join(credit, credit.id == LedgerTransfer.credit_account_id)
        .where(LedgerTransfer.unit == Unit.POINTS, LedgerTransfer.recorded_at >= day_start(start))
        .group_by(month, flow)
        .order_by(month, flow)
    )
    rows = (await session.execute(statement)).all()
    return [MonthActivity(row[0], Flow(row[1]), int(row[2]), int(row[3] or 0)) for row in rows]


def county_month(
    instant: ColumnElement[dt.datetime] | InstrumentedAttribute[dt.datetime],
) -> ColumnElement[dt.date]:
    """The first day of the county's month holding ``instant`` (a ``timestamptz``): at 07:00
    on the 1st in Beijing it is still the previous month in UTC, yet this month's."""
    local_time = func.timezone(COUNTY_TIME_ZONE_NAME, instant)
    return cast(func.date_trunc("month", local_time), Date)


def _months_back(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 - count
    return dt.date(index // 12, index % 12 + 1, 1)
