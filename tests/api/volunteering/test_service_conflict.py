"""Goal: nobody records or confirms volunteer service of their own household (回避): the
minutes become that household's points. Refused as CONFLICT_OF_INTEREST, changing nothing;
another organizer may.

Method: the real ASGI app over the demo; a village admin of 花石社区 linked to a person of
household 1 (as ``grassroots create-user --person`` does), resident.demo (household 1) signed up
for an activity huashi.admin organizes; the sign-up read back with SQL.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.passwords import Passwords
from governance.access.principal import Grant
from governance.access.roles import Role
from governance.access.users import create_user
from kit.settings import Settings
from tests.api.bank.conftest import As, FakeClock, db
from tests.api.volunteering.test_household_sign_up import _activity, _sign_up
from tests.api.volunteering.test_volunteering import CONFIRM, RECORD, _codes
from tests.support.auth import login

__all__ = ["db"]

CONFLICTED = ("household1.admin", "household1-admin-pass")


async def test_no_service_recorded_or_confirmed_for_ones_own_household(
    users: As, clock: FakeClock, db: AsyncSession, settings: Settings
) -> None:
    member = await db.scalar(
        text("SELECT id FROM persons WHERE household_id = 1 AND id <> 1 ORDER BY id LIMIT 1")
    )
    assert member is not None
    await create_user(
        db, Passwords.from_settings(settings), username=CONFLICTED[0], password=CONFLICTED[1],
        display_name="住户兼村干部", grants=[Grant(Role.VILLAGE_ADMIN, "130826001001")],
        person_id=member,
    )  # fmt: skip
    await db.commit()
    signed_in = await login(users.client, *CONFLICTED)
    users.tokens[CONFLICTED[0]] = signed_in["credentials"]["accessToken"]
    activity_id = await _activity(users, clock)
    sign_up = (await _sign_up(users, activity_id, 1))["signUp"]

    minutes = {"input": {"signUpId": sign_up["id"], "serviceMinutes": 60}}
    refused = (await users.data(CONFLICTED[0], RECORD, minutes))["recordServiceMinutes"]
    assert _codes(refused) == ["CONFLICT_OF_INTEREST"]
    assert refused["signUp"] is None
    recorded = await db.scalar(text("SELECT service_minutes FROM volunteer_sign_ups"))
    assert recorded is None, "the refused record changed nothing"

    assert _codes((await users.data("huashi.admin", RECORD, minutes))["recordServiceMinutes"]) == []
    clock.advance(dt.timedelta(hours=4))
    confirm = {"input": {"signUpId": sign_up["id"]}}
    refused = (await users.data(CONFLICTED[0], CONFIRM, confirm))["confirmService"]
    assert _codes(refused) == ["CONFLICT_OF_INTEREST"]
    confirmed_at = await db.scalar(text("SELECT confirmed_at FROM volunteer_sign_ups"))
    assert confirmed_at is None, "the refused confirmation posted nothing"
    assert _codes((await users.data("huashi.admin", CONFIRM, confirm))["confirmService"]) == []
