"""Goal: every governance table a client can read has a read rule, and a model without one
fails closed (an assertion, never an unfiltered read); STAFF rules admit region roles only.

Method: walk SQLAlchemy's registry of mapped classes; compile restricted statements.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

import governance.demo  # noqa: F401  (imports every governance model)
from governance.access.principal import ANONYMOUS, Grant, Viewer
from governance.access.roles import Role
from governance.access.visibility import READ_RULES, is_staff, restrict
from governance.people.models import Person
from kit.models import Base

# Access-control bookkeeping: read only by governance.access itself, never through listings;
# and the history of records, read only with its record (``governance.history.service.
# history_of`` for records the caller already resolved: whoever may read a record reads its
# history, wherever the record was when a change was made).
NOT_LISTED = frozenset({"governance.access.models", "governance.history.models"})


def test_every_governance_model_with_a_region_has_a_rule() -> None:
    models = {
        mapper.class_
        for mapper in Base.registry.mappers
        if mapper.class_.__module__.startswith("governance.")
        and mapper.class_.__module__ not in NOT_LISTED
        and "region_code" in mapper.columns
    }
    missing = sorted(model.__name__ for model in models - set(READ_RULES))
    assert not missing, f"add read rules to governance.access.visibility: {missing}"


def test_a_model_without_a_rule_fails_closed() -> None:
    class Unruled:
        pass

    with pytest.raises(AssertionError, match="no read rule"):
        restrict(select(Person), Unruled, ANONYMOUS)


@pytest.mark.parametrize("role", list(Role))
def test_staff_are_the_region_roles(role: Role) -> None:
    if role is Role.SUPERMARKET_CASHIER:
        grant = Grant(role, supermarket_id=1)
    elif role is Role.RESIDENT:
        grant = Grant(role, person_id=1, household_id=1)
    else:
        grant = Grant(role, "130826")
    viewer = Viewer(user_id=1, session_id=1, grants=(grant,))
    assert is_staff(viewer) is (role not in {Role.SUPERMARKET_CASHIER, Role.RESIDENT})
    assert not is_staff(ANONYMOUS)
