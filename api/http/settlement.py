"""The server's settlement task: announcements past their deadline are posted (or voided), and
schemes whose clearing day has come are cleared, without any external cron. Reads settle on
their own too (``holder_balance``), so the task only bounds how long a list stays marked open
when nobody looks."""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.context import Clock
from governance.bank.announcements import settle_due
from governance.bank.clearing import clear_due
from ledger import run_in_transaction

SETTLE_INTERVAL_SECONDS = 30.0
logger = logging.getLogger(__name__)


async def settle_forever(
    session_factory: async_sessionmaker[AsyncSession],
    clock: Clock,
    interval_seconds: float = SETTLE_INTERVAL_SECONDS,
) -> None:
    """Settle due announcements every ``interval_seconds`` until cancelled."""
    while True:
        try:
            await run_in_transaction(session_factory, lambda s: settle_due(s, clock()))
            await run_in_transaction(session_factory, lambda s: clear_due(s, clock().date()))
        except Exception:
            # A failed round is retried at the next tick; the reads settle meanwhile.
            logger.exception("settling announcements failed")
        await asyncio.sleep(interval_seconds)
