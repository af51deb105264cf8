"""The instant date-sensitive tests run at: ``GRASSROOTS_TEST_NOW`` pins it, else the system's.

Tests marked ``date_sensitive`` compute "today" from the clock the app under test is given,
never from the machine's clock, so they can be run with the clock at a calendar boundary
(``.ci/run`` runs them at a month end, a year end and 07:59 in Beijing on the 1st):

    GRASSROOTS_TEST_NOW=2026-11-30T23:59:00Z pytest -m date_sensitive
"""

from __future__ import annotations

import datetime as dt
import os

from kit.clock import ManualClock, local_day

TEST_NOW_VARIABLE = "GRASSROOTS_TEST_NOW"


def pinned_instant() -> dt.datetime | None:
    """The instant ``GRASSROOTS_TEST_NOW`` names (ISO 8601 with an offset or ``Z``), if set."""
    text = os.environ.get(TEST_NOW_VARIABLE, "").strip()
    if not text:
        return None
    instant = dt.datetime.fromisoformat(text)
    assert instant.tzinfo is not None, f"{TEST_NOW_VARIABLE} needs an offset, e.g. Z: {text}"
    return instant.astimezone(dt.UTC)


def suite_now(default: dt.datetime | None = None) -> dt.datetime:
    """The pinned instant, else ``default``, else the system's current instant."""
    return pinned_instant() or default or dt.datetime.now(dt.UTC)


def suite_clock(default: dt.datetime | None = None) -> ManualClock:
    """A clock for the app under test, standing at ``suite_now(default)``."""
    return ManualClock(suite_now(default))


def suite_today() -> dt.date:
    """The county's day at ``suite_now()``."""
    return local_day(suite_now())


def month_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """The first and the last day of ``day``'s month."""
    first = day.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)
