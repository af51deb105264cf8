"""Per-request context: one database session, per-request DataLoaders, the request id, the
authenticated viewer and the audit notes of the request's mutations."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request

from api.auth.audit import AuditTrail
from api.auth.authentication import Authentication
from api.loaders import Loaders
from governance.access.principal import ANONYMOUS, Viewer
from kit.settings import Settings
from kit.statement_counter import StatementCounter

T = TypeVar("T")
Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


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
    # The time business rules see (deadlines, announcements); tests substitute their own.
    clock: Clock = utc_now
    # An AsyncSession allows one operation at a time; resolvers run concurrently.
    session_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.read)

    async def read(self, query: Callable[[AsyncSession], Awaitable[T]]) -> T:
        """Run ``query`` on the request's session, one at a time."""
        async with self.session_lock:
            return await query(self.session)

    def require_authentication(self) -> Authentication:
        assert self.authentication is not None, "the HTTP view always provides it"
        return self.authentication


Info = strawberry.Info[Context, None]
