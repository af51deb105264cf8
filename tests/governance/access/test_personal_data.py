"""Goal: `reveal` unmasks a sensitive field only for a permitted role, in scope, for a
permitted purpose, and logs every request (granted or not) in an append-only table.

Method: `reveal` for demo viewers over synthetic entities in and out of their scope, then the
log rows read back; UPDATE and DELETE on the log attempted directly.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.demo import DEMO_USERS
from governance.access.models import PersonalDataAccess, Purpose, SensitiveField
from governance.access.passwords import Passwords
from governance.access.personal_data import (
    FIELD_RULES,
    Entity,
    may_reveal,
    reveal,
)
from governance.access.principal import ANONYMOUS, Viewer
from governance.access.roles import Role
from governance.access.scope import Target
from governance.access.users import create_user
from governance.people.masking import mask_id_card, mask_phone
from tests.support.auth import auth_settings

IN_XINFENGLU = Entity("Person", 1, Target("130826001001", person_id=1, household_id=1))
IN_DAGE = Entity("Person", 2, Target("130826100201", person_id=2, household_id=2))


def viewer(username: str, user_id: int = 1) -> Viewer:
    user = next(user for user in DEMO_USERS if user.username == username)
    return Viewer(user_id=user_id, session_id=1, grants=(user.grant,))


@pytest.mark.parametrize(
    ("username", "purpose", "entity", "field", "allowed"),
    [
        (
            "xinfenglu.admin",
            Purpose.IDENTITY_VERIFICATION,
            IN_XINFENGLU,
            SensitiveField.ID_NUMBER,
            True,
        ),
        (
            "xinfenglu.admin",
            Purpose.IDENTITY_VERIFICATION,
            IN_DAGE,
            SensitiveField.ID_NUMBER,
            False,
        ),
        ("xinfenglu.admin", Purpose.CONTACT, IN_XINFENGLU, SensitiveField.ID_NUMBER, False),
        ("county.admin", Purpose.CASE_MANAGEMENT, IN_DAGE, SensitiveField.HEALTH_NOTES, True),
        ("huashi.admin", Purpose.CASE_MANAGEMENT, IN_XINFENGLU, SensitiveField.HEALTH_NOTES, False),
        ("huashi.grid1", Purpose.CONTACT, IN_XINFENGLU, SensitiveField.ID_NUMBER, False),
        ("xinfenglu.mediator", Purpose.MEDIATION, IN_XINFENGLU, SensitiveField.CASE_NOTES, True),
        ("xinfenglu.mediator", Purpose.MEDIATION, IN_DAGE, SensitiveField.CASE_NOTES, False),
        ("xinfenglu.mediator", Purpose.MEDIATION, IN_XINFENGLU, SensitiveField.PHONE, True),
        (
            "supermarket1.cashier",
            Purpose.SERVICE_DELIVERY,
            IN_XINFENGLU,
            SensitiveField.PHONE,
            False,
        ),
        ("resident.demo", Purpose.CASE_MANAGEMENT, IN_XINFENGLU, SensitiveField.HEALTH_NOTES, True),
        ("resident.demo", Purpose.CASE_MANAGEMENT, IN_DAGE, SensitiveField.HEALTH_NOTES, False),
    ],
)
def test_permission_matrix(
    username: str, purpose: Purpose, entity: Entity, field: SensitiveField, allowed: bool
) -> None:
    assert may_reveal(viewer(username), purpose, entity, field) is allowed


def test_anonymous_and_cashier_never_unmask_anything() -> None:
    for field, rule in FIELD_RULES.items():
        for purpose in rule.purposes:
            for entity in (IN_XINFENGLU, IN_DAGE):
                assert not may_reveal(ANONYMOUS, purpose, entity, field)
                assert not may_reveal(viewer("supermarket1.cashier"), purpose, entity, field)


async def test_every_request_is_logged(demo_session: AsyncSession) -> None:
    settings = auth_settings()
    user = await create_user(
        demo_session,
        Passwords.from_settings(settings),
        username="officer",
        password="officer-password",
        display_name="Officer",
        grants=[next(u.grant for u in DEMO_USERS if u.username == "xinfenglu.admin")],
    )
    officer = viewer("xinfenglu.admin", user.id)
    granted = await reveal(
        demo_session,
        officer,
        Purpose.POVERTY_RELIEF,
        IN_XINFENGLU,
        SensitiveField.POVERTY_STATUS,
        purpose_detail="扶贫走访 2026-11",
    )
    refused = await reveal(
        demo_session, officer, Purpose.POVERTY_RELIEF, IN_DAGE, SensitiveField.POVERTY_STATUS
    )
    assert (granted, refused) == (True, False)
    rows = list(
        (
            await demo_session.execute(select(PersonalDataAccess).order_by(PersonalDataAccess.id))
        ).scalars()
    )
    assert [
        (r.user_id, r.entity_kind, r.entity_id, r.field, r.purpose, r.granted) for r in rows
    ] == [
        (user.id, "Person", 1, SensitiveField.POVERTY_STATUS, Purpose.POVERTY_RELIEF, True),
        (user.id, "Person", 2, SensitiveField.POVERTY_STATUS, Purpose.POVERTY_RELIEF, False),
    ]
    assert rows[0].purpose_detail == "扶贫走访 2026-11"
    assert rows[0].region_code == "130826001001"
    assert rows[0].occurred_at is not None


@pytest.mark.parametrize(
    "statement",
    ["UPDATE personal_data_access_log SET granted = true", "DELETE FROM personal_data_access_log"],
)
async def test_log_is_append_only(demo_session: AsyncSession, statement: str) -> None:
    await reveal(demo_session, ANONYMOUS, Purpose.CONTACT, IN_DAGE, SensitiveField.PHONE)
    with pytest.raises(DBAPIError, match="append-only"):
        await demo_session.execute(text(statement))


def test_masks_hide_the_middle() -> None:
    assert mask_id_card("13082619800101123X") == "130826********123X"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("12345") == "*****"
    assert mask_id_card("123") == "***"


def test_roles_in_rules_exist() -> None:
    assert all(rule.roles <= set(Role) for rule in FIELD_RULES.values())


def test_resident_unmasks_own_person_only() -> None:
    """A resident's scope covers the household, but sensitive fields unmask for oneself only."""
    resident = viewer("resident.demo")
    spouse = Entity("Person", 99, Target("130826001001", person_id=99, household_id=1))
    for purpose in FIELD_RULES[SensitiveField.PHONE].purposes:
        assert may_reveal(resident, purpose, IN_XINFENGLU, SensitiveField.PHONE)
        assert not may_reveal(resident, purpose, spouse, SensitiveField.PHONE)
    assert not may_reveal(
        resident, Purpose.IDENTITY_VERIFICATION, IN_XINFENGLU, SensitiveField.ID_NUMBER
    )
