"""Morality-bank activity for the dashboard, read from the points ledger.

The bank's own tables (declarations, redemptions) come later; until then the ledger's
``POINTS`` transfers per month and kind stand in: ``POSTED`` moves points at once, ``PENDING``
reserves them, ``POST_PENDING``/``VOID_PENDING``/``EXPIRE_PENDING`` resolve a reservation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Date, cast, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ledger.models import LedgerTransfer
from ledger.types import TransferKind, Unit

ACTIVITY_MONTHS_MAX = 24


@dataclass(frozen=True, slots=True)
class MonthActivity:
    month: dt.date
    kind: TransferKind
    transfers: int
    amount_points: int


async def points_by_month(session: AsyncSession, as_of: dt.date) -> list[MonthActivity]:
    """Transfers and points per month and kind, the last ``ACTIVITY_MONTHS_MAX`` months."""
    month = cast(func.date_trunc("month", LedgerTransfer.recorded_at), Date).label("month")
    start = _months_back(as_of.replace(day=1), ACTIVITY_MONTHS_MAX - 1)
    statement = (
        select(month, LedgerTransfer.kind, func.count(), func.sum(LedgerTransfer.amount))
        .where(LedgerTransfer.unit == Unit.POINTS, LedgerTransfer.recorded_at >= start)
        .group_by(month, LedgerTransfer.kind)
        .order_by(month, LedgerTransfer.kind)
    )
    rows = (await session.execute(statement)).all()
    return [
        MonthActivity(row[0], TransferKind(row[1]), int(row[2]), int(row[3] or 0)) for row in rows
    ]


def _months_back(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 - count
    return dt.date(index // 12, index % 12 + 1, 1)
