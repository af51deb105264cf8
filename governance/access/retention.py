"""Log retention: audit and personal-data access logs are kept at least 180 days.

The Cybersecurity Law (art. 21) asks for network logs kept no less than six months. The
database enforces the floor itself (``prune_append_only_logs`` and the append-only trigger,
migration 0009); this module adds the deployment's own, possibly longer, retention and states
the refusal as a typed error before any SQL runs.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from governance.access import repository
from kit.clock import day_start

RETENTION_DAYS_MIN = 180


class RetentionViolation(Exception):
    """Pruning up to ``before`` would delete logs younger than the retention period."""

    def __init__(self, before: dt.date, earliest_allowed: dt.date) -> None:
        super().__init__(
            f"logs before {before} are still within retention; the latest allowed date is "
            f"{earliest_allowed}"
        )
        self.before = before
        self.earliest_allowed = earliest_allowed


def latest_prunable_date(today: dt.date, retention_days: int) -> dt.date:
    """The latest ``before`` date that deletes nothing younger than ``retention_days``."""
    assert retention_days >= RETENTION_DAYS_MIN, retention_days
    return today - dt.timedelta(days=retention_days)


async def prune_logs(
    session: AsyncSession, *, before: dt.date, today: dt.date, retention_days: int
) -> dict[str, int]:
    """Delete audit and access-log rows from before ``before`` (CST); rows deleted per table."""
    latest = latest_prunable_date(today, retention_days)
    if before > latest:
        raise RetentionViolation(before, latest)
    # Statutory days run on the county's calendar: a day's logs start at its midnight in Beijing.
    return await repository.prune_logs_before(session, day_start(before))
