"""Goal: whatever steps are asked for, a petition's deadline exists exactly while a decision or
an answer is pending, never moves earlier than the step that set it, and the final status
(re-reviewed) or a decline admits nothing but visits.

Method: hypothesis drives random action sequences and day gaps through the pure
``next_status`` and ``due_after``, as the service applies them.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from governance.petitions.machine import PENDING_STATUSES, due_after, next_status
from governance.petitions.models import PetitionAction, PetitionStatus

ACTIONS = [action for action in PetitionAction if action is not PetitionAction.RECEIVE]
FINAL = (PetitionStatus.RE_REVIEWED, PetitionStatus.NOT_ACCEPTED)


@given(st.lists(st.tuples(st.sampled_from(ACTIONS), st.integers(0, 40)), max_size=40))
def test_deadline_exists_exactly_while_pending(steps: list[tuple[PetitionAction, int]]) -> None:
    today = dt.date(2026, 1, 1)
    status, due = PetitionStatus.RECEIVED, due_after(PetitionAction.RECEIVE, today, None)
    for action, days in steps:
        today += dt.timedelta(days=days)
        target = next_status(status, action)
        if status in FINAL:
            assert target is None or action is PetitionAction.RECORD_VISIT
        if target is None:
            continue
        new_due = due_after(action, today, due)
        if action in (PetitionAction.EXTEND, PetitionAction.RECORD_VISIT):
            assert new_due is not None or due is None
            assert new_due is None or due is None or new_due >= due
        status, due = target, new_due
        assert (due is not None) == (status in PENDING_STATUSES), (action, status)
