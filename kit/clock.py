"""The current instant, injectable: deadlines and overdue queries read it, tests move it.

Production uses ``SystemClock``; tests hand the app a ``ManualClock`` and advance it past a
deadline instead of sleeping. Instants are UTC; the county's calendar (``local_day``) is China
Standard Time, and this module is its one home.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

# The county keeps China Standard Time (UTC+8, no daylight saving since 1991): a date meant as
# the county's day (a deed's day, a statutory deadline, a month of the plan) is read on this
# calendar, never on UTC's, which is still on the previous day until 08:00 in the county.
COUNTY_TIME_ZONE_NAME = "Asia/Shanghai"
COUNTY_TIME_ZONE = dt.timezone(dt.timedelta(hours=8), "CST")


def local_day(instant: dt.datetime) -> dt.date:
    """The county's calendar day at ``instant``."""
    assert instant.tzinfo is not None, "instants are timezone-aware"
    return instant.astimezone(COUNTY_TIME_ZONE).date()


def day_start(day: dt.date) -> dt.datetime:
    """The instant the county's ``day`` begins (00:00 China Standard Time)."""
    return dt.datetime.combine(day, dt.time(0), tzinfo=COUNTY_TIME_ZONE)


class Clock(Protocol):
    def now(self) -> dt.datetime:
        """The current instant, timezone-aware (UTC)."""
        ...


class SystemClock:
    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)


class ManualClock:
    """A clock that stands still until told to move (tests, demos, replays)."""

    def __init__(self, start: dt.datetime) -> None:
        assert start.tzinfo is not None, "instants are timezone-aware"
        self._now = start

    def now(self) -> dt.datetime:
        return self._now

    def set(self, instant: dt.datetime) -> None:
        assert instant.tzinfo is not None, "instants are timezone-aware"
        self._now = instant

    def advance(self, delta: dt.timedelta) -> dt.datetime:
        assert delta >= dt.timedelta(0), "time does not run backwards"
        self._now += delta
        return self._now
