"""Per-request context: one database session, per-request DataLoaders, the request id."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request

from api.loaders import Loaders
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
    # An AsyncSession allows one operation at a time; resolvers run concurrently.
    session_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.read)

    async def read(self, query: Callable[[AsyncSession], Awaitable[T]]) -> T:
        """Run ``query`` on the request's session, one at a time."""
        async with self.session_lock:
            return await query(self.session)


Info = strawberry.Info[Context, None]
