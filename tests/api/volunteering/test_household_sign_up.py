"""Goal: a resident signs up themselves or a member of their own household for a volunteer
activity (a household head signing up an elderly parent is how villages do it), never a person
of another household; and the schema says so, so code, description and test agree.

Method: the real ASGI app over the demo, as huashi.admin (organizer) and resident.demo (person 1
of household 1); another member of household 1 and a person of household 2 found with SQL; the
mutation's description read from the exported schema.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from api.schema import schema
from tests.api.bank.conftest import As, FakeClock, db
from tests.api.volunteering.test_volunteering import CREATE, SIGN_UP, _codes, _county_scheme, person

__all__ = ["db"]


async def _activity(users: As, clock: FakeClock) -> str:
    start = clock() + dt.timedelta(hours=1)
    activity = {"schemeId": await _county_scheme(users), "villageCode": "130826001001",
                "title": "探访空巢老人", "category": "EMPTY_NEST_ELDERS",
                "startsAt": start.isoformat(), "endsAt": (start + dt.timedelta(hours=2)).isoformat(),
                "capacity": 5}  # fmt: skip
    created = await users.data("huashi.admin", CREATE, {"input": activity})
    return str(created["createVolunteerActivity"]["activity"]["id"])


async def _sign_up(users: As, activity_id: str, person_id: int) -> dict[str, Any]:
    variables = {"input": {"activityId": activity_id, "personId": person(person_id)}}
    return (await users.data("resident.demo", SIGN_UP, variables))["signUpForActivity"]


async def test_a_resident_signs_up_their_household_only(
    users: As, clock: FakeClock, db: AsyncSession
) -> None:
    member = await db.scalar(
        text("SELECT id FROM persons WHERE household_id = 1 AND id <> 1 ORDER BY id LIMIT 1")
    )
    stranger = await db.scalar(
        text("SELECT id FROM persons WHERE household_id = 2 ORDER BY id LIMIT 1")
    )
    assert member is not None
    assert stranger is not None
    activity_id = await _activity(users, clock)

    assert _codes(await _sign_up(users, activity_id, 1)) == []
    family = await _sign_up(users, activity_id, member)
    assert _codes(family) == []
    assert family["signUp"] is not None
    refused = await _sign_up(users, activity_id, stranger)
    assert _codes(refused) == ["PERSON_NOT_FOUND"], "another household reads as absent"
    signed = await db.scalar(
        text("SELECT count(*) FROM volunteer_sign_ups WHERE activity_id = :id"),
        {"id": int(relay.from_base64(activity_id)[1])},
    )
    assert signed == 2

    mutation = schema._schema.mutation_type
    assert mutation is not None
    description = mutation.fields["signUpForActivity"].description or ""
    assert "member of their own household" in description
