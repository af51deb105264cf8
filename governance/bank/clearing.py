"""Periodic clearing (积分清零): on a scheme's ``clears_on`` day, unspent points expire.

Expiry is a transfer, never a deletion: each wallet's available points move to the scheme's
expiry account under an id derived from (scheme, clearing day, holder), so a clearing run twice
moves nothing twice. Pending awards are not touched: they post after the clearing. The next
clearing falls a year later (the common yearly practice); admins may change the date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

import ledger
from governance.bank import accounts
from governance.bank.accounts import Reason
from governance.bank.models import Holder, Scheme

CLEARING_CHUNK_SIZE = 1_000
CHUNK_ATTEMPTS_MAX = 3


async def clear_due(session: AsyncSession, today: dt.date) -> int:
    """Clear every scheme whose clearing day has come; return the points expired."""
    statement = (
        select(Scheme).where(Scheme.clears_on <= today).order_by(Scheme.id).with_for_update()
    )
    expired = 0
    for scheme in (await session.execute(statement)).scalars().all():
        expired += await clear_scheme(session, scheme)
    return expired


async def clear_scheme(session: AsyncSession, scheme: Scheme) -> int:
    assert scheme.clears_on is not None
    day = scheme.clears_on
    expired = 0
    last_id = 0
    while chunk := await _holders_after(session, scheme.id, last_id):
        expired += await _clear_chunk(session, scheme, day, chunk)
        last_id = chunk[-1].id
    scheme.clears_on = _next_year(day)
    await session.flush()
    return expired


async def _holders_after(session: AsyncSession, scheme_id: int, last_id: int) -> list[Holder]:
    statement = (
        select(Holder)
        .where(Holder.scheme_id == scheme_id, Holder.id > last_id)
        .order_by(Holder.id)
        .limit(CLEARING_CHUNK_SIZE)
    )
    return list((await session.execute(statement)).scalars())


async def _clear_chunk(
    session: AsyncSession, scheme: Scheme, day: dt.date, holders: Sequence[Holder]
) -> int:
    """One ledger batch per chunk; if a sale raced a balance read, roll back and read again."""
    for _attempt in range(CHUNK_ATTEMPTS_MAX):
        wallets = await ledger.lookup_accounts(session, [h.points_account_id for h in holders])
        # A closed wallet takes no movement, expiry included: its points stay as they were
        # (asking would fail the whole chunk, every run).
        available = {w.id: w.balances.available_credit_balance for w in wallets if not w.closed}
        specs = [
            _expiry_spec(scheme, day, holder, available[holder.points_account_id])
            for holder in holders
            if available.get(holder.points_account_id, 0) > 0
        ]
        async with session.begin_nested() as savepoint:
            results = await ledger.create_transfers(session, specs)
            if all(result.ok for result in results):
                return sum(spec.amount or 0 for spec in specs)
            await savepoint.rollback()
    raise RuntimeError(f"clearing scheme {scheme.id}: balances kept changing; run again")


def _expiry_spec(scheme: Scheme, day: dt.date, holder: Holder, amount: int) -> ledger.TransferSpec:
    return ledger.TransferSpec(
        id=accounts.transfer_id("clearing", scheme.id, day.isoformat(), holder.id),
        debit_account_id=holder.points_account_id,
        credit_account_id=scheme.expiry_account_id,
        amount=amount,
        unit=ledger.Unit.POINTS,
        code=Reason.CLEARING,
        reference=f"clearing:{day.isoformat()}",
    )


def _next_year(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)
