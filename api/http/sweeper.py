"""The escalation sweep (run periodically by ``api.http.background``): escalate overdue events.

Events are also escalated whenever they are touched; the sweep makes the escalation happen
even for events nobody touches. Each batch is its own transaction; ``SKIP LOCKED`` lets several
processes sweep at once without waiting on each other.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from governance.events.repository import SWEEP_BATCH_MAX
from governance.events.service import escalate_overdue
from kit.clock import Clock
from kit.database import session_scope


async def sweep_once(session_factory: async_sessionmaker[AsyncSession], clock: Clock) -> int:
    """Escalate overdue events batch by batch until none is left; return how many."""
    total = 0
    while True:
        async with session_scope(session_factory) as session:
            events = await escalate_overdue(session, clock.now(), None, SWEEP_BATCH_MAX)
        total += len(events)
        if len(events) < SWEEP_BATCH_MAX:
            return total
