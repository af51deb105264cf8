"""Goal: the version of a rule in force on a day is the one adopted with the latest effective
day not after it (the later adoption on a tie), and version 1 when the day precedes them all:
whatever the versions and the day, exactly one version answers, and moving the day later
never returns an older effective day.

Method: hypothesis draws versions (numbers in adoption order, effective days never before the
previous one, as ``change_rule`` requires) and days; a brute-force oracle restates the rule.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from governance.bank.catalog import in_force
from governance.bank.models import RuleCategory, RuleVersion

START = dt.date(2026, 1, 1)


def _versions(gaps: list[int]) -> list[RuleVersion]:
    day, versions = START, []
    for number, gap in enumerate(gaps, start=1):
        day += dt.timedelta(days=gap)
        version = RuleVersion(
            number=number, effective_from=day, category=RuleCategory.OTHER, title=f"v{number}",
            points=number, evidence_required=False,
        )  # fmt: skip
        versions.append(version)
    return versions


def _oracle(versions: list[RuleVersion], day: dt.date) -> int:
    started = [v.number for v in versions if v.effective_from <= day]
    return max(started) if started else 1


@given(
    gaps=st.lists(st.integers(0, 40), min_size=1, max_size=8),
    offset=st.integers(-30, 400),
    later=st.integers(0, 100),
)
def test_the_version_in_force(gaps: list[int], offset: int, later: int) -> None:
    versions = _versions(gaps)
    day = START + dt.timedelta(days=offset)
    chosen = in_force(versions, day)
    assert chosen.number == _oracle(versions, day)
    assert chosen.effective_from <= day or chosen.number == 1
    after = in_force(versions, day + dt.timedelta(days=later))
    assert after.effective_from >= chosen.effective_from
    assert after.number >= chosen.number
