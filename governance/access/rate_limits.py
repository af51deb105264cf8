"""Request counts shared by every API process: one counter per client key and time window.

The rate limiter of each process decides locally (no round trip on a request's path) and, once
a second, adds what it let through to these counters and reads back the totals of all
processes (``exchange``): a key over the window's limit is then refused by every process until
the window ends. The table is UNLOGGED (migration 0022): counters are worth nothing after a
crash, and it costs no WAL, so replicas neither carry nor need it.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

# Adds this process's draws to the window's counters and answers the totals of its keys, plus
# every other key already over the limit (drawn by other processes only).
EXCHANGE_SQL = text("""
WITH added AS (
    INSERT INTO rate_limit_windows AS w (key, window_start, drawn)
    SELECT key, :window_start, drawn
    FROM unnest(CAST(:keys AS text[]), CAST(:drawn AS integer[])) AS d(key, drawn)
    ON CONFLICT (key, window_start) DO UPDATE SET drawn = w.drawn + excluded.drawn
    RETURNING key, drawn
)
SELECT key, drawn FROM added
UNION ALL
SELECT key, drawn FROM rate_limit_windows
WHERE window_start = :window_start AND drawn >= :limit
  AND NOT key = ANY(CAST(:keys AS text[]))
""")
PRUNE_SQL = text("DELETE FROM rate_limit_windows WHERE window_start < :before")


async def exchange(
    session: AsyncSession, draws: Mapping[str, int], *, window_start: int, limit: int
) -> dict[str, int]:
    """Add ``draws`` to window ``window_start``; the window's totals of those keys and of any
    key at or over ``limit``."""
    keys = sorted(draws)
    rows = await session.execute(
        EXCHANGE_SQL,
        {
            "keys": keys,
            "drawn": [draws[key] for key in keys],
            "window_start": window_start,
            "limit": limit,
        },
    )
    return {str(key): int(drawn) for key, drawn in rows}


async def prune(session: AsyncSession, *, before: int) -> None:
    """Forget the windows that started before ``before`` (epoch seconds)."""
    await session.execute(PRUNE_SQL, {"before": before})
