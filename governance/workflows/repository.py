"""SQL shared by the workflow packages: child rows of many parents in one query."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute


async def rows_by_parent(
    session: AsyncSession, parent: InstrumentedAttribute[Any], keys: Sequence[Hashable]
) -> list[Any]:
    """Every row whose ``parent`` column is in ``keys``, by parent then primary key.

    For children the domain bounds per parent (parties, mediators, sessions…), so a
    whole list per parent is safe to return.
    """
    model = parent.class_
    primary_key = inspect(model).primary_key
    statement = select(model).where(parent.in_(keys)).order_by(parent, *primary_key)
    return list((await session.execute(statement)).scalars())
