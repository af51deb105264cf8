"""Per-request context: one database session, per-request DataLoaders, the request id, the
authenticated viewer, the audit notes of the request's mutations and its personal-data access
decisions."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request

from api.auth.audit import AuditTrail
from api.auth.authentication import Authentication
from api.auth.disclosure import DisclosureTrail
from api.loaders import Loaders
from governance.access.principal import ANONYMOUS, Viewer
from kit.clock import Clock, SystemClock
from kit.settings import Settings
from kit.statement_counter import StatementCounter

T = TypeVar("T")


@dataclass
class Context:
    request: Request | None
    session: AsyncSession
    settings: Settings
    request_id: str
    statement_counter: StatementCounter | None = None
    viewer: Viewer = ANONYMOUS
    authentication: Authentication | None = None
    client_address: str | None = None
    audit: AuditTrail = field(default_factory=AuditTrail)
    disclosures: DisclosureTrail = field(default_factory=DisclosureTrail)
    # An AsyncSession allows one operation at a time; resolvers run concurrently.
    session_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    # Deadlines and overdue lists read the time here, so tests can move it.
    clock: Clock = field(default_factory=SystemClock)
    loaders: Loaders = field(init=False)
    _reads: set[asyncio.Future[Any]] = field(default_factory=set)
    _settled: bool = False

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.read, self.viewer, self.clock)

    async def read(self, query: Callable[[AsyncSession], Awaitable[T]]) -> T:
        """Run ``query`` on the request's session, one at a time.

        Shielded: when a sibling field fails and GraphQL execution cancels this resolver, the
        query still runs to its end instead of being cut off mid-protocol (which closes the
        connection and fails the commit). ``settle`` waits for such orphaned reads.
        """
        if self._settled:
            raise RequestFinished("the request's unit of work has ended")
        read = asyncio.ensure_future(self._locked(query))
        self._reads.add(read)
        read.add_done_callback(self._reads.discard)
        return await asyncio.shield(read)

    async def _locked(self, query: Callable[[AsyncSession], Awaitable[T]]) -> T:
        async with self.session_lock:
            return await query(self.session)

    async def settle(self) -> None:
        """Wait for reads still running after execution ended (their resolvers were cancelled),
        including those of DataLoader batches scheduled but not yet started; later reads fail."""
        await asyncio.sleep(0)
        while self._reads:
            await asyncio.gather(*self._reads, return_exceptions=True)
            await asyncio.sleep(0)
        self._settled = True

    def require_authentication(self) -> Authentication:
        assert self.authentication is not None, "the HTTP view always provides it"
        return self.authentication


class RequestFinished(Exception):
    """A read was attempted after the request's session was handed back (a bug if it answers)."""


Info = strawberry.Info[Context, None]
