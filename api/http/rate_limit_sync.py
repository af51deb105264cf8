"""Once a second, each process shares what its rate limiter let through (see
``api.auth.rate_limit``): one statement adds its counts to the window's totals in PostgreSQL and
reads back the totals, so a client over the limit is refused by every process."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.auth.rate_limit import RateLimiter
from governance.access import rate_limits
from kit.clock import Clock
from kit.database import session_scope

KEY_LENGTH_MAX = 80


@dataclass
class SharedRateLimit:
    limiter: RateLimiter
    clock: Clock
    _pruned_window: int = field(default=0, init=False)

    async def __call__(self, factory: async_sessionmaker[AsyncSession]) -> None:
        window = self.limiter.window_seconds
        now = self.clock.now().timestamp()
        window_start = int(now // window) * window
        draws: dict[str, int] = {}
        for key, drawn in self.limiter.drain().items():
            draws[key[:KEY_LENGTH_MAX]] = draws.get(key[:KEY_LENGTH_MAX], 0) + drawn
        try:
            async with session_scope(factory) as session:
                totals = await rate_limits.exchange(
                    session, draws, window_start=window_start, limit=self.limiter.window_limit
                )
                if window_start != self._pruned_window:
                    await rate_limits.prune(session, before=window_start - window)
        except BaseException:
            self.limiter.give_back(draws)  # counted at the next exchange instead
            raise
        self._pruned_window = window_start
        self.limiter.apply_totals(totals, window_start + window - now)
