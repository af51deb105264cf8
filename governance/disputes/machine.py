"""The dispute-case state machine: which action may start from which status, and where it leads.

Sessions move a registered case into mediation; a mediating case ends in an agreement, a
failure, a referral or a withdrawal; a failed case may still be referred. Judicial
confirmation and performance follow-up are recorded on agreed cases and keep them agreed.
"""

from __future__ import annotations

from governance.disputes.models import DisputeAction, DisputeStatus

A = DisputeAction
S = DisputeStatus

OPEN_STATUSES = frozenset({S.REGISTERED, S.MEDIATING})
TRANSITIONS: dict[DisputeAction, tuple[frozenset[DisputeStatus], DisputeStatus]] = {
    A.HOLD_SESSION: (OPEN_STATUSES, S.MEDIATING),
    A.REACH_AGREEMENT: (frozenset({S.MEDIATING}), S.AGREED),
    A.FAIL: (frozenset({S.MEDIATING}), S.FAILED),
    A.REFER: (frozenset({S.REGISTERED, S.MEDIATING, S.FAILED}), S.REFERRED),
    A.WITHDRAW: (OPEN_STATUSES, S.WITHDRAWN),
    A.REQUEST_JUDICIAL_CONFIRMATION: (frozenset({S.AGREED}), S.AGREED),
    A.RECORD_PERFORMANCE: (frozenset({S.AGREED}), S.AGREED),
}


def next_status(status: DisputeStatus, action: DisputeAction) -> DisputeStatus | None:
    """The status after ``action``, or None when the action is not allowed from ``status``."""
    sources, target = TRANSITIONS[action]
    return target if status in sources else None
