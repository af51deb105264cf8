"""The current instant, injectable: deadlines and overdue queries read it, tests move it.

Production uses ``SystemClock``; tests hand the app a ``ManualClock`` and advance it past a
deadline instead of sleeping.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol


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
