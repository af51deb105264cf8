"""What the shared rate limit costs: nothing on a request's path, one statement a second.

Measures, on a scratch database: ``RateLimiter.acquire`` per call (in memory, the request's
path) against a plain dict increment; and one exchange of N keys' counts with PostgreSQL
(``governance.access.rate_limits.exchange``, run once a second per process, off the request
path) against a ``SELECT 1`` round trip on the same connection pool.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections import Counter

from sqlalchemy import text

from api.auth.rate_limit import RateLimiter
from bench.scratch import scratch_database
from governance.access import rate_limits
from kit.database import create_engine, create_session_factory, session_scope
from kit.settings import Settings

CALLS = 200_000
KEY_COUNTS = (100, 1_000, 10_000)
ROUNDS = 20


def in_memory() -> dict[str, float]:
    limiter = RateLimiter(burst=10**9, refill_per_second=1.0, keys_max=100_000)
    keys = [f"user:{n % 1000}" for n in range(CALLS)]
    started = time.perf_counter()
    for key in keys:
        limiter.acquire(key)
    acquire_ns = (time.perf_counter() - started) / CALLS * 1e9
    counter: Counter[str] = Counter()
    started = time.perf_counter()
    for key in keys:
        counter[key] += 1
    baseline_ns = (time.perf_counter() - started) / CALLS * 1e9
    return {"acquire_ns": acquire_ns, "dict_increment_ns": baseline_ns}


async def exchanges(url: str, settings: Settings) -> dict[str, float]:
    engine = create_engine(url, settings)
    factory = create_session_factory(engine)
    figures: dict[str, float] = {}
    try:
        select_one = []
        for _ in range(ROUNDS):
            async with session_scope(factory) as session:
                started = time.perf_counter()
                await session.execute(text("SELECT 1"))
                select_one.append(time.perf_counter() - started)
        figures["select_1_ms"] = statistics.median(select_one) * 1e3
        for count in KEY_COUNTS:
            draws = {f"user:{n}": 3 for n in range(count)}
            took = []
            for round_number in range(ROUNDS):
                async with session_scope(factory) as session:
                    started = time.perf_counter()
                    await rate_limits.exchange(
                        session, draws, window_start=round_number // 10, limit=1400
                    )
                    took.append(time.perf_counter() - started)
            figures[f"exchange_{count}_keys_ms"] = statistics.median(took) * 1e3
    finally:
        await engine.dispose()
    return figures


def run(settings: Settings) -> dict[str, float]:
    figures = in_memory()
    with scratch_database(settings, "bench_rate_limit") as url:
        figures |= asyncio.run(exchanges(url, settings))
    figures["acquire_vs_dict_increment"] = figures["acquire_ns"] / figures["dict_increment_ns"]
    figures["exchange_1000_keys_vs_select_1"] = (
        figures["exchange_1000_keys_ms"] / figures["select_1_ms"]
    )
    return figures
