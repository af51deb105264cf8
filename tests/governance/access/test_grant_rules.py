"""Goal: for region roles the escalation rule is the subtree: an administrator may grant a
region role exactly when its region lies in their subtree — the level of a region code already
ranks the role, so no administrator reaches a role above their own (the rank check agrees).

Method: hypothesis draws an administrator's grant and a target region role, each with a code of
its level, the target's sharing a drawn number of leading digits with the administrator's, and
compares ``may_manage`` with the subtree test and with the ranks.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from governance.access.grant_rules import LEVEL_BY_ROLE, ROLE_RANK, may_manage, region_fits_role
from governance.access.principal import Grant, Viewer
from governance.access.roles import ADMIN_ROLES, Role
from governance.regions.codes import code_length

LEVELLED = sorted(LEVEL_BY_ROLE)
# Few digits: codes share prefixes often enough to exercise both answers.
DIGITS = st.text(alphabet="12", min_size=15, max_size=15)


def _code(role: Role, digits: str) -> str:
    return digits[: code_length(LEVEL_BY_ROLE[role])]


@given(
    admin_role=st.sampled_from(sorted(ADMIN_ROLES)),
    admin_digits=DIGITS,
    role=st.sampled_from(LEVELLED),
    shared=st.integers(min_value=0, max_value=15),
    tail=DIGITS,
)
def test_region_roles_are_granted_within_the_subtree_and_never_above(
    admin_role: Role, admin_digits: str, role: Role, shared: int, tail: str
) -> None:
    admin = Grant(admin_role, _code(admin_role, admin_digits))
    viewer = Viewer(user_id=1, session_id=1, grants=(admin,))
    # The target's code shares its first ``shared`` digits with the administrator's.
    code = _code(role, admin_digits[:shared] + tail[shared:])
    assert region_fits_role(role, code)
    allowed = may_manage(viewer, role, code)
    assert admin.region_code is not None
    assert allowed is code.startswith(admin.region_code)
    if allowed:
        assert ROLE_RANK[role] >= ROLE_RANK[admin_role]


@given(role=st.sampled_from(sorted(Role)), digits=DIGITS)
def test_nobody_without_an_administrator_grant_manages_anything(role: Role, digits: str) -> None:
    staff = Viewer(
        user_id=1,
        session_id=1,
        grants=(Grant(Role.GRID_WORKER, digits), Grant(Role.MEDIATOR, digits[:6])),
    )
    assert not may_manage(staff, role, digits)
