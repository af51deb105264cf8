"""Goal: one rate limit across API processes: a client over the window's limit, counted over
every process, is refused by all of them until the window ends; keys stay apart; counts that
could not be shared are shared next time; a request's path makes no database round trip.

Method: two limiters standing for two processes (fake monotonic clocks, a ManualClock for the
wall time windows are cut by) exchanging counts through a real migrated database; then two
instances of the real ASGI app on one database, as two processes behind a load balancer.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.auth.rate_limit import RateLimiter
from api.http.app import create_app
from api.http.rate_limit_sync import SharedRateLimit
from kit.clock import ManualClock
from kit.database import create_engine, create_session_factory
from kit.settings import Settings
from tests.support.auth import VIEWER, auth_settings

WINDOW_START = dt.datetime(2026, 12, 3, 8, 0, tzinfo=dt.UTC)  # a minute boundary


class Monotonic:
    def __init__(self) -> None:
        self.seconds = 1000.0

    def __call__(self) -> float:
        return self.seconds


@pytest.fixture
async def factory(database_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_engine(database_url, Settings())
    yield create_session_factory(engine)
    await engine.dispose()


def _process(wall: ManualClock) -> tuple[RateLimiter, Monotonic, SharedRateLimit]:
    monotonic = Monotonic()
    # Window limit: burst 3 + 60 s x 0.05/s = 6 requests a minute, over all processes.
    limiter = RateLimiter(
        burst=3, refill_per_second=0.05, keys_max=100, window_seconds=60, clock=monotonic
    )
    return limiter, monotonic, SharedRateLimit(limiter, wall)


async def test_a_key_over_the_shared_limit_is_refused_everywhere(
    factory: async_sessionmaker[AsyncSession],
) -> None:
    wall = ManualClock(WINDOW_START + dt.timedelta(seconds=10))
    (a, a_time, share_a), (b, b_time, share_b) = _process(wall), _process(wall)
    assert a.window_limit == 6
    assert [a.acquire("user:1") for _ in range(3)] == [0, 0, 0]
    assert [b.acquire("user:1") for _ in range(3)] == [0, 0, 0]
    assert b.acquire("user:2") == 0
    await share_a(factory)
    await share_b(factory)  # the totals now reach 6 for user:1
    await share_a(factory)
    for time in (a_time, b_time):
        time.seconds += 40  # the buckets alone would allow two more requests each
    assert a.acquire("user:1") == 10  # blocked until the window ends, 10 s from now
    assert b.acquire("user:1") == 10
    assert a.acquire("user:2") == 0  # another key is not affected
    wall.advance(dt.timedelta(seconds=50))  # the next window
    for time in (a_time, b_time):
        time.seconds += 10
    assert a.acquire("user:1") == 0
    assert b.acquire("user:1") == 0


async def test_a_key_only_another_process_saw_is_refused_too(
    factory: async_sessionmaker[AsyncSession],
) -> None:
    wall = ManualClock(WINDOW_START)
    (a, _, share_a), (b, b_time, share_b) = _process(wall), _process(wall)
    for _ in range(2):
        assert [b.acquire("address:10.0.0.9") for _ in range(3)] == [0, 0, 0]
        await share_b(factory)
        b_time.seconds += 60  # refilled, same window by the wall clock
    await share_a(factory)
    assert a.acquire("address:10.0.0.9") == 60


async def test_counts_that_could_not_be_shared_are_shared_next_time(
    factory: async_sessionmaker[AsyncSession],
) -> None:
    wall = ManualClock(WINDOW_START)
    a, _, share_a = _process(wall)
    unreachable = create_session_factory(
        create_engine("postgresql+asyncpg://nobody@127.0.0.1:1/none", Settings())
    )
    assert [a.acquire("user:7") for _ in range(3)] == [0, 0, 0]
    with pytest.raises(OSError, match=r"Connect call failed|refused"):
        await share_a(unreachable)
    b, _, share_b = _process(wall)
    assert [b.acquire("user:7") for _ in range(3)] == [0, 0, 0]
    await share_b(factory)
    await share_a(factory)  # A's three from before the outage, and B's three: 6
    assert a.acquire("user:7") > 0


async def test_two_app_processes_share_one_limit(users_database_url: str) -> None:
    """Anonymous requests from one address reach two processes; each lets its burst through;
    after the exchange both refuse, although their own buckets have refilled a token."""
    settings = auth_settings(
        rate_limit_burst_requests=3,
        rate_limit_refill_per_second=1.0,
        rate_limit_window_seconds=3,  # window limit: 3 + 3 x 1 = 6
        background_tasks=False,
    )
    wall = ManualClock(WINDOW_START)
    first, second = (create_app(settings, users_database_url, wall) for _ in range(2))
    engine = create_engine(users_database_url, settings)
    factory = create_session_factory(engine)
    try:
        async with (
            first.router.lifespan_context(first),
            second.router.lifespan_context(second),
            _http(first) as one,
            _http(second) as two,
        ):
            for client in (one, two):
                statuses = [(await client.post("/graphql", json={"query": VIEWER})).status_code
                            for _ in range(3)]  # fmt: skip
                assert statuses == [200, 200, 200]
            for app in (first, second, first):
                await SharedRateLimit(app.state.rate_limiter, wall)(factory)
            await asyncio.sleep(1.2)  # a token back in each bucket (real monotonic time)
            for client in (one, two):
                refused = await client.post("/graphql", json={"query": VIEWER})
                assert refused.status_code == 429
                assert int(refused.headers["retry-after"]) >= 1
    finally:
        await engine.dispose()


def _http(app: object) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    return httpx.AsyncClient(transport=transport, base_url="http://test")
