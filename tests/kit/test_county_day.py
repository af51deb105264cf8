"""Goal: the county's day is China Standard Time's: 23:59 UTC is already the next day in
Beijing, 16:00 UTC the next day's midnight; every instant lies within its day's bounds.

Method: the boundary instants by hand; Hypothesis over instants for the bounds.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from kit.clock import day_start, local_day


def test_the_county_is_eight_hours_ahead_of_utc() -> None:
    assert local_day(dt.datetime(2026, 11, 30, 23, 59, tzinfo=dt.UTC)) == dt.date(2026, 12, 1)
    assert local_day(dt.datetime(2026, 12, 31, 15, 59, tzinfo=dt.UTC)) == dt.date(2026, 12, 31)
    assert local_day(dt.datetime(2026, 12, 31, 16, 0, tzinfo=dt.UTC)) == dt.date(2027, 1, 1)
    assert day_start(dt.date(2027, 1, 1)) == dt.datetime(2026, 12, 31, 16, 0, tzinfo=dt.UTC)


# Hypothesis takes naive bounds and attaches ``timezones`` itself.
INSTANTS = st.datetimes(
    min_value=dt.datetime(1992, 1, 1),  # noqa: DTZ001
    max_value=dt.datetime(2200, 1, 1),  # noqa: DTZ001
    timezones=st.just(dt.UTC),
)


@given(INSTANTS)
def test_every_instant_lies_within_its_county_day(instant: dt.datetime) -> None:
    day = local_day(instant)
    assert day_start(day) <= instant < day_start(day) + dt.timedelta(days=1)
