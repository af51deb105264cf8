"""Read replicas: where a read-only request runs.

PostgreSQL streaming replication keeps each hot standby a copy of the primary, a little behind.
A read-only request goes to the first replica that is up, lags less than the bound, and has
replayed the WAL position of its viewer's last write (read-your-writes); otherwise to the
primary. A replica's state is read at startup, then again in the background (a task started by
the first request that finds it older than the check interval): no request ever waits for a
check, even of a replica that does not answer.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from kit.database import (
    CONNECT_TIMEOUT_SECONDS,
    create_engine,
    create_session_factory,
    session_scope,
)
from kit.driver import driver_connection
from kit.outage import is_connection_failure
from kit.settings import Settings

logger = logging.getLogger(__name__)
T = TypeVar("T")

LSN_PATTERN = re.compile(r"^[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}$")
# Users whose last write position a process keeps (least recently written dropped first).
WRITERS_KEPT_MAX = 100_000

# The replica's own view; how far behind it is comes from the primary's positions (below).
STATUS_SQL = text(
    "SELECT pg_is_in_recovery() AS standby, pg_last_wal_replay_lsn()::text AS replayed"
)
# Primary positions remembered (one per check), to turn a replay position into a lag in time.
SAMPLES_KEPT_MAX = 256


def parse_lsn(value: str) -> int:
    """A WAL position (``16/B374D848``) as a number; ``ValueError`` if it is not one."""
    if not LSN_PATTERN.match(value):
        raise ValueError(f"not a WAL position: {value!r}")
    high, low = value.split("/")
    return (int(high, 16) << 32) | int(low, 16)


def format_lsn(value: int) -> str:
    return f"{value >> 32:X}/{value & 0xFFFFFFFF:X}"


class StaleRead(Exception):
    """A read found the database not knowing what it must (the viewer's sign-in session): on a
    replica that has not replayed it yet, the read runs again on the primary."""


@dataclass
class Replica:
    """One standby and what the last check found."""

    url: str
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    replayed: int = 0
    lag_seconds: float = float("inf")
    usable: bool = False
    checked_at: float = float("-inf")
    served: int = 0
    checking: asyncio.Task[None] | None = None

    async def check(self) -> None:
        """Read the standby's replay position and lag; a standby that does not answer (or is
        no standby) is unusable until the next check."""
        try:
            async with asyncio.timeout(CONNECT_TIMEOUT_SECONDS):
                async with self.engine.connect() as connection:
                    row = (await connection.execute(STATUS_SQL)).one()
        except Exception as error:  # down, unreachable, timed out: skipped, logged once
            if self.usable or self.checked_at == float("-inf"):
                logger.warning("read replica unavailable, reads go elsewhere: %s", error)
            self.usable = False
        else:
            self.usable = bool(row.standby) and row.replayed is not None
            self.replayed = parse_lsn(row.replayed) if row.replayed else 0
        self.checked_at = time.monotonic()

    def failed(self) -> None:
        """A request met this replica down: skip it until the next check."""
        self.usable = False
        self.checked_at = time.monotonic()


@dataclass
class Target:
    """Where one request runs: the primary (``replica`` None) or a replica."""

    sessions: async_sessionmaker[AsyncSession]
    replica: Replica | None = None


class DatabaseRouter:
    """The primary and the replicas of one process, and the last write position per user."""

    def __init__(
        self,
        primary: async_sessionmaker[AsyncSession],
        replicas: list[Replica],
        *,
        lag_max_seconds: float,
        check_interval_seconds: float,
    ) -> None:
        self.primary = Target(primary)
        self.replicas = replicas
        self.lag_max_seconds = lag_max_seconds
        self.check_interval_seconds = check_interval_seconds
        self.primary_reads = 0
        self.fallbacks = 0  # reads a replica failed (down, or behind) that the primary ran
        self._written: OrderedDict[int, int] = OrderedDict()
        self._samples: deque[tuple[float, int]] = deque(maxlen=SAMPLES_KEPT_MAX)

    @classmethod
    def from_settings(
        cls, primary: async_sessionmaker[AsyncSession], settings: Settings
    ) -> DatabaseRouter:
        replicas = []
        for url in settings.replica_urls:
            engine = create_engine(url, settings)
            replicas.append(Replica(url, engine, create_session_factory(engine)))
        return cls(
            primary,
            replicas,
            lag_max_seconds=settings.replica_lag_max_seconds,
            check_interval_seconds=settings.replica_check_interval_seconds,
        )

    async def for_read(self, *, user_id: int | None, after: int | None = None) -> Target:
        """A replica that has replayed what ``user_id`` (and the client's ``after``) wrote,
        lagging less than the bound; else the primary."""
        written = self._written.get(user_id) if user_id is not None else None
        needed = max(written or 0, after or 0)
        for replica in self.replicas:
            self._check_if_stale(replica)
            if (
                replica.usable
                and replica.lag_seconds <= self.lag_max_seconds
                and replica.replayed >= needed
            ):
                replica.served += 1
                return Target(replica.sessions, replica)
        self.primary_reads += 1
        return self.primary

    async def check_all(self) -> None:
        """Read every replica's state now (at startup, and in tests)."""
        await asyncio.gather(*(self._check(replica) for replica in self.replicas))

    async def _check(self, replica: Replica) -> None:
        """Sample the primary's WAL position, then read the replica's replay position: its lag
        is the age of the oldest sampled position it has not replayed (0 when it has replayed
        them all). Timestamps of replayed commits would not do: WAL that commits nothing (page
        pruning by reads, checkpoints) makes a replica that is current look behind."""
        sampled_at = time.monotonic()
        try:
            async with asyncio.timeout(CONNECT_TIMEOUT_SECONDS):
                position = await self._primary_position()
        except Exception:  # the primary's trouble is the request's to report, not the check's
            logger.debug("no primary position for the replica check", exc_info=True)
        else:
            self._samples.append((sampled_at, position))
        await replica.check()
        behind = [at for at, sampled in self._samples if sampled > replica.replayed]
        replica.lag_seconds = time.monotonic() - min(behind) if behind else 0.0

    async def _primary_position(self) -> int:
        async with self.primary.sessions() as session:
            connection = await driver_connection(session, begin=False)
            return parse_lsn(await connection.fetchval("SELECT pg_current_wal_lsn()::text"))

    def _check_if_stale(self, replica: Replica) -> None:
        if replica.checking is not None:
            return
        if time.monotonic() - replica.checked_at < self.check_interval_seconds:
            return
        replica.checking = asyncio.create_task(self._check(replica))

        def done(_task: asyncio.Task[None]) -> None:
            replica.checking = None

        replica.checking.add_done_callback(done)

    async def read(self, work: Callable[[AsyncSession], Awaitable[T]], *, user_id: int | None) -> T:
        """``work`` in one unit of work on a usable replica, else on the primary; a replica
        that fails (or raises ``StaleRead``) hands it to the primary."""
        target = await self.for_read(user_id=user_id)
        try:
            async with session_scope(target.sessions) as session:
                return await work(session)
        except Exception as error:
            if target.replica is None or not self.falls_back(target.replica, error):
                raise
        async with session_scope(self.primary.sessions) as session:
            return await work(session)

    def falls_back(self, replica: Replica, error: Exception) -> bool:
        """Whether a read that ``replica`` failed with ``error`` is to run on the primary."""
        if isinstance(error, StaleRead):
            self.fallbacks += 1
            return True
        if is_connection_failure(error):
            replica.failed()
            self.fallbacks += 1
            return True
        return False

    async def wrote(self, user_id: int | None) -> int | None:
        """After a committed write: the primary's WAL position, kept for ``user_id`` (None when
        there are no replicas, which costs nothing then)."""
        if not self.replicas:
            return None
        position = await self._primary_position()
        if user_id is not None:
            self._written[user_id] = max(position, self._written.pop(user_id, 0))
            if len(self._written) > WRITERS_KEPT_MAX:
                self._written.popitem(last=False)
        return position

    async def dispose(self) -> None:
        for replica in self.replicas:
            if replica.checking is not None:
                replica.checking.cancel()
                await asyncio.gather(replica.checking, return_exceptions=True)
            await replica.engine.dispose()
