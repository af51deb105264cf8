"""Goal: a deed's day is the county's calendar day (China Standard Time), not UTC's: at 07:30 in
Beijing on 2 December (23:30 UTC on the 1st) a deed done that day is accepted, one of the 3rd is
refused as ``EVENT_IN_FUTURE``.

Method: the real ASGI app over the demo, its clock standing at that instant; ``proposePoints``
as the village admin.
"""

from __future__ import annotations

import datetime as dt

import pytest

from kit.clock import ManualClock
from tests.api.bank.conftest import As
from tests.api.bank.test_end_to_end import PROPOSE
from tests.api.bank.test_review_and_scope import _codes, _rules, household

BEIJING_MORNING = dt.datetime(2026, 12, 1, 23, 30, tzinfo=dt.UTC)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(BEIJING_MORNING)


def _proposal(rule_id: str, event_on: str) -> dict[str, object]:
    return {"input": {"ruleId": rule_id, "householdId": household(1), "eventOn": event_on}}


async def test_a_deed_of_the_countys_today_is_accepted_before_8_in_beijing(users: As) -> None:
    _scheme, [rule_id] = await _rules(users, 10)
    today = await users.data("huashi.admin", PROPOSE, _proposal(rule_id, "2026-12-02"))
    tomorrow = await users.data("huashi.admin", PROPOSE, _proposal(rule_id, "2026-12-03"))
    assert today["proposePoints"]["userErrors"] == []
    assert today["proposePoints"]["application"]["status"] == "PROPOSED"
    assert _codes(tomorrow["proposePoints"]) == ["EVENT_IN_FUTURE"]
