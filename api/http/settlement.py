"""The server's settlement task: announcements past their deadline are posted (or voided), and
schemes whose clearing day has come are cleared, without any external cron. Reads never write:
a balance read computes what settlement will write (``governance.bank.balances``), so the task
only bounds how long the ledger and the lists lag behind the deadline. An entry the ledger
refuses is set aside, never failing the run."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from governance.bank.announcements import settle_due
from governance.bank.clearing import clear_due
from kit.clock import Clock, local_day
from ledger import run_in_transaction

SETTLE_INTERVAL_SECONDS = 30.0


async def settle_once(session_factory: async_sessionmaker[AsyncSession], clock: Clock) -> None:
    """Post (or void) announcements past their deadline, then clear schemes whose day has come;
    run periodically by ``api.http.background``."""
    await run_in_transaction(session_factory, lambda s: settle_due(s, clock.now()))
    await run_in_transaction(session_factory, lambda s: clear_due(s, local_day(clock.now())))
