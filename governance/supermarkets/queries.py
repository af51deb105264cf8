"""Reads behind the supermarkets' GraphQL fields, scoped through ``apply_region_scope``."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

import ledger
from governance.access.principal import Viewer
from governance.bank.repository import scoped
from governance.supermarkets.models import (
    Receipt,
    ReceiptLine,
)
from governance.supermarkets.redemption import ReceiptView
from governance.supermarkets.returns import receipt_view


async def stock_of(session: AsyncSession, shelf_account_id: int) -> int:
    [account] = await ledger.lookup_accounts(session, [shelf_account_id])
    return account.balances.credit_balance


async def receipts_of(
    session: AsyncSession, viewer: Viewer, holder_id: int, limit: int
) -> list[ReceiptView]:
    """A holder's receipts, newest first, as far as the viewer may see them."""
    statement = (
        select(Receipt)
        .where(Receipt.holder_id == holder_id)
        .order_by(Receipt.id.desc())
        .limit(limit)
    )
    statement = scoped(
        statement,
        Receipt.region_code,
        viewer,
        supermarket_id=Receipt.supermarket_id,
        person_id=Receipt.person_id,
        household_id=Receipt.household_id,
    )
    receipts = (await session.execute(statement)).scalars().all()
    views = []
    for receipt in receipts:
        lines = (
            await session.execute(select(ReceiptLine).where(ReceiptLine.receipt_id == receipt.id))
        ).scalars()
        views.append(
            await receipt_view(session, receipt, {line.line_number: line for line in lines})
        )
    return views
