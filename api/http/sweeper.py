"""The background sweep of the app's lifespan: escalate overdue grid events every interval.

Events are also escalated whenever they are touched; the sweep makes the escalation happen
even for events nobody touches. Each batch is its own transaction; ``SKIP LOCKED`` lets several
processes sweep at once without waiting on each other.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from governance.events.repository import SWEEP_BATCH_MAX
from governance.events.service import escalate_overdue
from kit.clock import Clock

logger = logging.getLogger(__name__)


async def sweep_once(session_factory: async_sessionmaker[AsyncSession], clock: Clock) -> int:
    """Escalate overdue events batch by batch until none is left; return how many."""
    total = 0
    while True:
        async with session_factory() as session:
            events = await escalate_overdue(session, clock.now(), None, SWEEP_BATCH_MAX)
            await session.commit()
        total += len(events)
        if len(events) < SWEEP_BATCH_MAX:
            return total


async def _sweep_forever(
    session_factory: async_sessionmaker[AsyncSession], clock: Clock, interval_seconds: int
) -> None:
    while True:
        await asyncio.sleep(interval_seconds)
        try:
            await sweep_once(session_factory, clock)
        except Exception:  # a failed sweep is retried next interval; the app keeps serving
            logger.exception("escalation sweep failed")


@contextlib.asynccontextmanager
async def running_sweeper(
    session_factory: async_sessionmaker[AsyncSession], clock: Clock, interval_seconds: int
) -> AsyncIterator[None]:
    """Run the sweep in the background for the app's lifetime (not at all when 0)."""
    if interval_seconds <= 0:
        yield
        return
    task = asyncio.create_task(_sweep_forever(session_factory, clock, interval_seconds))
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
