"""Periodic work inside the server process: no external cron to install or forget.

Each task runs in its own database transaction on an interval; a failure is logged and the
task tries again next interval. Every worker process runs the tasks; the tasks themselves
are safe to run concurrently (they lock what they change).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import ledger
from governance import data_versions
from kit.database import session_scope
from kit.outage import is_connection_failure, outage_log

logger = logging.getLogger("grassroots.background")


@dataclass(frozen=True)
class PeriodicTask:
    name: str
    interval_seconds: float
    run: Callable[[async_sessionmaker[AsyncSession]], Awaitable[None]]


async def seal_ledger(factory: async_sessionmaker[AsyncSession]) -> None:
    """Link committed transfers into the hash chain until caught up."""
    while True:
        async with session_scope(factory) as session:
            result = await ledger.seal(session)
        if result.linked == 0:
            return


async def compact_data_versions(factory: async_sessionmaker[AsyncSession]) -> None:
    """Fold the data-version rows of backends that have gone (``governance.data_versions``)."""
    async with session_scope(factory) as session:
        await data_versions.compact(session)


async def _loop(task: PeriodicTask, factory: async_sessionmaker[AsyncSession]) -> None:
    while True:
        try:
            await task.run(factory)
        except Exception as error:
            if is_connection_failure(error):
                outage_log.failed(error)  # said once per outage, not per task and interval
            else:
                logger.exception("background task %s failed; retrying next interval", task.name)
        await asyncio.sleep(task.interval_seconds)


@asynccontextmanager
async def running(
    tasks: Sequence[PeriodicTask], factory: async_sessionmaker[AsyncSession]
) -> AsyncIterator[None]:
    """Run ``tasks`` for the duration of the block; cancel them on the way out."""
    handles = [asyncio.create_task(_loop(task, factory), name=task.name) for task in tasks]
    try:
        yield
    finally:
        for handle in handles:
            handle.cancel()
        for handle in handles:
            with contextlib.suppress(asyncio.CancelledError):
                await handle
