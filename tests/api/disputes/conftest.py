"""Fixtures of the dispute tests (see ``tests.support.workflows``).

The clock starts after every demo case (registered up to the demo's 2026-11-25), so periods
and rankings here count only the cases the tests create.
"""

import datetime as dt

import pytest

from kit.clock import ManualClock
from tests.support.clock import suite_clock
from tests.support.workflows import people_desk, settings

AFTER_THE_DEMO = dt.datetime(2027, 6, 1, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock() -> ManualClock:
    """At ``AFTER_THE_DEMO``, or at ``GRASSROOTS_TEST_NOW`` (the pinned instants are after the
    demo too: ``tests.support.clock``)."""
    return suite_clock(AFTER_THE_DEMO)


__all__ = ["clock", "people_desk", "settings"]
