"""Morality-bank activity for the dashboard, read from the points ledger by flow and region.

A flow is told by the accounts a ``POINTS`` transfer moves between (the bank's account codes,
``governance.bank.accounts``) and its kind. From a scheme's pool to a holder's wallet is an
award: ISSUED once posted (at once, or when its announcement closes: the posting of the
reservation), PENDING while reserved on the notice board and neither posted nor voided yet.
From a wallet back to the pool is DEDUCTED; from a wallet to a supermarket's till a REDEEMED
purchase, and back again a RETURNED one; into a scheme's expiry account EXPIRED by clearing.
A reservation that was posted is counted once, as ISSUED; voids and expiries of reservations
move no points and are left out. Anything else is OTHER.

Every counted transfer has a holder's wallet on one side; the holder's region places it, so a
township's or a village's page counts its own households and people only.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Date, case, cast, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute, aliased

from governance.bank.models import Holder
from governance.regions.codes import under
from kit.clock import COUNTY_TIME_ZONE_NAME, day_start
from ledger.models import LedgerAccount, LedgerTransfer
from ledger.types import TransferKind, Unit

ACTIVITY_MONTHS_MAX = 24
POSTING_KINDS = (TransferKind.POSTED, TransferKind.POST_PENDING)


class Flow(enum.StrEnum):
    ISSUED = "ISSUED"
    PENDING = "PENDING"
    DEDUCTED = "DEDUCTED"
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


async def points_by_month(
    session: AsyncSession, region_code: str, as_of: dt.date
) -> list[MonthActivity]:
    """Transfers and points per month and flow of holders under ``region_code``, the last
    ``ACTIVITY_MONTHS_MAX`` months."""
    debit, credit = aliased(LedgerAccount), aliased(LedgerAccount)
    debit_holder, credit_holder = aliased(Holder), aliased(Holder)
    month = county_month(LedgerTransfer.recorded_at).label("month")
    flow = _flow(debit.code, credit.code).label("flow")
    holder_region = func.coalesce(credit_holder.region_code, debit_holder.region_code)
    start = _months_back(as_of.replace(day=1), ACTIVITY_MONTHS_MAX - 1)
    statement = (
        select(month, flow, func.count(), func.sum(LedgerTransfer.amount))
        .join(debit, debit.id == LedgerTransfer.debit_account_id)
        .join(credit, credit.id == LedgerTransfer.credit_account_id)
        .outerjoin(debit_holder, debit_holder.points_account_id == debit.id)
        .outerjoin(credit_holder, credit_holder.points_account_id == credit.id)
        .where(
            LedgerTransfer.unit == Unit.POINTS,
            LedgerTransfer.recorded_at >= day_start(start),
            under(holder_region, region_code),
        )
        .group_by(month, flow)
        .order_by(month, flow)
    )
    rows = (await session.execute(statement)).all()
    return [
        MonthActivity(row[0], Flow(row[1]), int(row[2]), int(row[3] or 0))
        for row in rows
        if row[1] is not None
    ]


def _flow(debit_code: Any, credit_code: Any) -> Any:
    """The flow of a transfer, or NULL for one not counted (see the module's docstring)."""
    kind = LedgerTransfer.kind
    from_pool = debit_code.like("scheme:%:pool")
    to_pool = credit_code.like("scheme:%:pool")
    resolving = aliased(LedgerTransfer)
    resolved = exists().where(resolving.pending_id == LedgerTransfer.id)
    return case(
        (kind.in_((TransferKind.VOID_PENDING, TransferKind.EXPIRE_PENDING)), None),
        ((kind == TransferKind.PENDING) & from_pool & ~resolved, Flow.PENDING.value),
        (kind == TransferKind.PENDING, None),
        (from_pool & kind.in_(POSTING_KINDS), Flow.ISSUED.value),
        (to_pool & kind.in_(POSTING_KINDS), Flow.DEDUCTED.value),
        (credit_code.like("supermarket:%:till"), Flow.REDEEMED.value),
        (debit_code.like("supermarket:%:till"), Flow.RETURNED.value),
        (credit_code.like("scheme:%:expired"), Flow.EXPIRED.value),
        else_=Flow.OTHER.value,
    )


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
