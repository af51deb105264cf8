"""Reads behind the supermarkets' GraphQL fields, scoped through ``apply_region_scope``."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.principal import Viewer
from governance.bank.repository import scoped
from governance.supermarkets.models import (
    Receipt,
)
from governance.supermarkets.receipt_views import receipt_views
from governance.supermarkets.redemption import ReceiptView


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
    return await receipt_views(session, receipts)
