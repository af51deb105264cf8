"""The petition state machine and its statutory day counts, as pure functions.

receive → accept (15 days to decide) | decline; accepted → reply (60 days, +30 once);
replied → request review (within 30 days) → review (30 days); reviewed → request re-review
(within 30 days) → re-review (30 days), which is final. Visits may be recorded at any time.
"""

from __future__ import annotations

import datetime as dt

from governance.petitions.models import (
    ACCEPTANCE_DAYS,
    EXTENSION_DAYS,
    HANDLING_DAYS,
    REVIEW_DECISION_DAYS,
    PetitionAction,
    PetitionStatus,
)

A = PetitionAction
S = PetitionStatus

# Statuses in which the office owes a decision or an answer by ``due_on``.
PENDING_STATUSES = frozenset({S.RECEIVED, S.ACCEPTED, S.REVIEW_REQUESTED, S.RE_REVIEW_REQUESTED})
# Statuses in which the latest written answer stands.
ANSWERED_STATUSES = frozenset({S.REPLIED, S.REVIEWED, S.RE_REVIEWED})

TRANSITIONS: dict[PetitionAction, tuple[frozenset[PetitionStatus], PetitionStatus | None]] = {
    A.ACCEPT: (frozenset({S.RECEIVED}), S.ACCEPTED),
    A.DECLINE: (frozenset({S.RECEIVED}), S.NOT_ACCEPTED),
    A.EXTEND: (frozenset({S.ACCEPTED}), S.ACCEPTED),
    A.REPLY: (frozenset({S.ACCEPTED}), S.REPLIED),
    A.REQUEST_REVIEW: (frozenset({S.REPLIED}), S.REVIEW_REQUESTED),
    A.REVIEW: (frozenset({S.REVIEW_REQUESTED}), S.REVIEWED),
    A.REQUEST_RE_REVIEW: (frozenset({S.REVIEWED}), S.RE_REVIEW_REQUESTED),
    A.RE_REVIEW: (frozenset({S.RE_REVIEW_REQUESTED}), S.RE_REVIEWED),
    # None: the status does not change.
    A.RECORD_VISIT: (frozenset(PetitionStatus), None),
}


def next_status(status: PetitionStatus, action: PetitionAction) -> PetitionStatus | None:
    """The status after ``action``, or None when not allowed from ``status``."""
    sources, target = TRANSITIONS[action]
    if status not in sources:
        return None
    return target if target is not None else status


def due_after(action: PetitionAction, today: dt.date, due_on: dt.date | None) -> dt.date | None:
    """The deadline once ``action`` is taken ``today`` (``due_on``: the current one)."""
    if action is A.RECEIVE:
        return today + dt.timedelta(days=ACCEPTANCE_DAYS)
    if action is A.ACCEPT:
        return today + dt.timedelta(days=HANDLING_DAYS)
    if action is A.EXTEND:
        assert due_on is not None, "an accepted petition has a handling deadline"
        return due_on + dt.timedelta(days=EXTENSION_DAYS)
    if action in (A.REQUEST_REVIEW, A.REQUEST_RE_REVIEW):
        return today + dt.timedelta(days=REVIEW_DECISION_DAYS)
    if action is A.RECORD_VISIT:
        return due_on
    return None
