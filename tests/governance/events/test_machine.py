"""Goal: the event state machine never reaches an invalid state, whatever the steps asked for:
the level only climbs one at a time and never past the county, every status is reachable only
by its transitions, and the clock's catch-up escalates once per deadline passed.

Method: hypothesis drives random action sequences through the pure ``step`` function, tracking
a simple model alongside; catch-up is checked against hand-computed deadlines.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from governance.events.machine import (
    INITIAL,
    OPEN_STATUSES,
    TRANSITIONS,
    InvalidTransition,
    State,
    allowed_actions,
    overdue_escalations,
    step,
)
from governance.events.models import EventAction, EventStatus
from governance.workflows.common import LEVELS, Level

PERSON_ACTIONS = [action for action in EventAction if action is not EventAction.REPORT]


@given(st.lists(st.sampled_from(PERSON_ACTIONS), max_size=60))
def test_random_sequences_stay_valid(actions: list[EventAction]) -> None:
    state, accepted = INITIAL, [INITIAL]
    for action in actions:
        try:
            after = step(state, action)
        except InvalidTransition:
            assert action not in allowed_actions(state)
            continue
        sources, target = TRANSITIONS[action]
        assert state.status in sources
        assert after.status is target
        climbed = LEVELS.index(after.level) - LEVELS.index(state.level)
        assert climbed == (1 if action in (EventAction.ESCALATE, EventAction.AUTO_ESCALATE) else 0)
        state = after
        accepted.append(state)
    assert state.status in EventStatus
    assert state.level in LEVELS
    levels = [LEVELS.index(s.level) for s in accepted]
    assert levels == sorted(levels), "levels never go down"


@given(st.sampled_from(list(EventStatus)))
def test_nothing_escalates_past_the_county(status: EventStatus) -> None:
    state = State(status, Level.COUNTY)
    assert EventAction.ESCALATE not in allowed_actions(state)
    assert EventAction.AUTO_ESCALATE not in allowed_actions(state)


def test_catch_up_escalates_once_per_passed_deadline() -> None:
    deadline = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    hours = {Level.VILLAGE: 10, Level.TOWNSHIP: 20, Level.COUNTY: 30}.__getitem__
    state = State(EventStatus.HANDLING, Level.GRID)
    assert overdue_escalations(state, deadline, deadline, hours) == []
    one = overdue_escalations(state, deadline, deadline + dt.timedelta(seconds=1), hours)
    assert [(e.to_level, e.at) for e in one] == [(Level.VILLAGE, deadline)]
    late = deadline + dt.timedelta(days=365)
    every = overdue_escalations(state, deadline, late, hours)
    assert [e.to_level for e in every] == [Level.VILLAGE, Level.TOWNSHIP, Level.COUNTY]
    assert every[-1].deadline_at == deadline + dt.timedelta(hours=60)
    closed = State(EventStatus.FEEDBACK_GIVEN, Level.GRID)
    assert closed.status not in OPEN_STATUSES
    assert overdue_escalations(closed, deadline, late, hours) == []
