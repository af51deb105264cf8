"""The event state machine, as pure functions over (status, level): no database, no clock.

report → accept | reject → assign → start handling → give feedback → verify (or return for
rework) → close → evaluate; reopen a closed or evaluated event; escalate an open event one
level up (by hand, or by the clock when the deadline passes), where it waits for acceptance.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from governance.events.models import EventAction, EventStatus
from governance.workflows.common import Level, level_above

A = EventAction
S = EventStatus

# A deadline runs while an event is in one of these: passing it escalates the event.
OPEN_STATUSES = frozenset({S.REPORTED, S.ACCEPTED, S.ASSIGNED, S.HANDLING})
ESCALATIONS = frozenset({A.ESCALATE, A.AUTO_ESCALATE})

# action → (statuses it may start from, status it leads to)
TRANSITIONS: dict[EventAction, tuple[frozenset[EventStatus], EventStatus]] = {
    A.ACCEPT: (frozenset({S.REPORTED}), S.ACCEPTED),
    A.REJECT: (frozenset({S.REPORTED}), S.REJECTED),
    A.ASSIGN: (frozenset({S.ACCEPTED, S.ASSIGNED}), S.ASSIGNED),
    A.START_HANDLING: (frozenset({S.ASSIGNED}), S.HANDLING),
    A.GIVE_FEEDBACK: (frozenset({S.HANDLING}), S.FEEDBACK_GIVEN),
    A.VERIFY: (frozenset({S.FEEDBACK_GIVEN}), S.VERIFIED),
    A.RETURN_FOR_REWORK: (frozenset({S.FEEDBACK_GIVEN}), S.HANDLING),
    A.CLOSE: (frozenset({S.VERIFIED}), S.CLOSED),
    A.EVALUATE: (frozenset({S.CLOSED}), S.EVALUATED),
    A.REOPEN: (frozenset({S.CLOSED, S.EVALUATED}), S.ACCEPTED),
    A.ESCALATE: (OPEN_STATUSES, S.REPORTED),
    A.AUTO_ESCALATE: (OPEN_STATUSES, S.REPORTED),
}


class InvalidTransition(Exception):
    def __init__(self, action: EventAction, status: EventStatus, level: Level) -> None:
        super().__init__(f"{action} is not allowed from {status} at {level}")
        self.action = action
        self.status = status
        self.level = level


@dataclass(frozen=True, slots=True)
class State:
    status: EventStatus
    level: Level

    @property
    def open(self) -> bool:
        return self.status in OPEN_STATUSES


INITIAL = State(S.REPORTED, Level.GRID)


def allowed_actions(state: State) -> frozenset[EventAction]:
    actions = {action for action, (sources, _) in TRANSITIONS.items() if state.status in sources}
    if level_above(state.level) is None:
        actions -= ESCALATIONS
    return frozenset(actions)


def step(state: State, action: EventAction) -> State:
    """The state after ``action``, or ``InvalidTransition``; escalation moves one level up."""
    assert action is not A.REPORT, "a report creates an event; it is not a step"
    if action not in allowed_actions(state):
        raise InvalidTransition(action, state.status, state.level)
    _, target = TRANSITIONS[action]
    if action in ESCALATIONS:
        above = level_above(state.level)
        assert above is not None
        return State(target, above)
    return State(target, state.level)


@dataclass(frozen=True, slots=True)
class Escalation:
    from_level: Level
    to_level: Level
    at: dt.datetime
    deadline_at: dt.datetime


def overdue_escalations(
    state: State, deadline_at: dt.datetime, now: dt.datetime, hours_at: Callable[[Level], int]
) -> list[Escalation]:
    """Escalations the clock owes an event: one per deadline passed (strictly before ``now``).

    Each happens at the instant its deadline passed and starts the next level's deadline there,
    so catching up late gives the same timeline as escalating on time. The county is the top:
    an event overdue there stays overdue.
    """
    escalations: list[Escalation] = []
    level = state.level
    while state.open and deadline_at < now and (above := level_above(level)) is not None:
        next_deadline = deadline_at + dt.timedelta(hours=hours_at(above))
        escalations.append(Escalation(level, above, deadline_at, next_deadline))
        level, deadline_at = above, next_deadline
    return escalations
