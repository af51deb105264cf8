"""Goal: the notice board's objections (公示异议) cannot be used to void awards from afar, and
silence never voids. Only those an entry concerns may object: residents of its village and staff
whose regions cover it; anyone else gets the answer a wrong id gets (NOT_ANNOUNCED), before and
after the deadline, so the answer does not tell whether the entry exists. An objection left
undecided at the deadline holds its entry: it reads and stays pending after settlement, is
listed as overdue for the township above (``bankHealth.objectionsOverdue``), and the late
decision settles it (reject posts, uphold voids). Whoever decides may not be of the entry's
household (``CONFLICT_OF_INTEREST``, recorded), for objections as for reviews.

Method: the real ASGI app over the demo, as demo users and extra users created through the
service (a resident of another village, a village admin living in household 2); the deadline
passed with the controllable clock and the server's settlement task run once; database rows
read with SQL.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from governance.access.passwords import Passwords
from governance.access.principal import Grant
from governance.access.roles import Role
from governance.access.users import create_user
from kit.settings import Settings
from tests.api.bank.conftest import As, FakeClock, Settler
from tests.api.bank.test_end_to_end import ACCOUNT, DECIDE, OBJECT, PUBLISH
from tests.api.bank.test_review_and_scope import HUASHI, _approve, _codes, _propose, _rules
from tests.support.auth import login

OUTSIDER = ("outsider.resident", "outsider-resident-pass")
CONFLICTED = ("conflicted.admin", "conflicted-admin-pass")
HEALTH = """{ bankHealth { objectionsOverdue { objection { id status }
  application { id status } closedAt } } }"""


async def _sign_in(users: As, username: str, password: str) -> None:
    users.tokens[username] = (await login(users.client, username, password))["credentials"][
        "accessToken"
    ]


async def _outsider(users: As, db: AsyncSession, settings: Settings) -> str:
    """A resident living outside Huashi village."""
    person, household = (
        await db.execute(
            text(
                "SELECT id, household_id FROM persons WHERE region_code NOT LIKE :village "
                "ORDER BY id LIMIT 1"
            ),
            {"village": HUASHI + "%"},
        )
    ).one()
    grant = Grant(Role.RESIDENT, person_id=person, household_id=household)
    await create_user(
        db, Passwords.from_settings(settings), username=OUTSIDER[0], password=OUTSIDER[1],
        display_name="外村居民", grants=[grant], person_id=person,
    )  # fmt: skip
    await db.commit()
    await _sign_in(users, *OUTSIDER)
    return OUTSIDER[0]


async def _announced(users: As, *household_ids: int) -> list[dict[str, Any]]:
    """Awards of 10 points to these Huashi households, approved and announced."""
    scheme_id, [rule_id] = await _rules(users, 10)
    entries = [(await _propose(users, rule_id, number))["application"] for number in household_ids]
    for entry in entries:
        assert _codes(await _approve(users, entry["id"])) == []
    published = await users.data(
        "huashi.admin", PUBLISH, {"input": {"schemeId": scheme_id, "villageCode": HUASHI}}
    )
    assert published["publishPointsAnnouncement"]["userErrors"] == []
    return entries


async def _object(users: As, username: str, application_id: str) -> dict[str, Any]:
    variables = {"input": {"applicationId": application_id, "reason": "不属实"}}
    return (await users.data(username, OBJECT, variables))["lodgePointsObjection"]


async def _decide(users: As, username: str, objection_id: str, uphold: bool) -> dict[str, Any]:
    variables = {"input": {"objectionId": objection_id, "uphold": uphold}}
    return (await users.data(username, DECIDE, variables))["decidePointsObjection"]


async def _statuses(db: AsyncSession, *application_ids: str) -> list[str]:
    ids = [int(relay.from_base64(application_id)[1]) for application_id in application_ids]
    rows = await db.execute(
        text("SELECT status FROM bank_applications WHERE id = ANY(:ids) ORDER BY id"), {"ids": ids}
    )
    return [row.status for row in rows]


async def test_only_those_concerned_may_object(
    users: As, db: AsyncSession, settings: Settings, clock: FakeClock
) -> None:
    outsider = await _outsider(users, db, settings)
    [entry] = await _announced(users, 2)
    wrong_id = relay.to_base64("PointsApplication", 999_999)

    for username in (outsider, "dage.admin"):  # another village's resident, another township
        assert _codes(await _object(users, username, entry["id"])) == ["NOT_ANNOUNCED"]
        assert _codes(await _object(users, username, wrong_id)) == ["NOT_ANNOUNCED"]
    for username in ("resident.demo", "huashi.admin", "xinfenglu.admin"):
        lodged = await _object(users, username, entry["id"])
        assert lodged["userErrors"] == [], username
        assert lodged["objection"]["status"] == "LODGED"
    lodged_count = await db.scalar(text("SELECT count(*) FROM bank_objections"))
    assert lodged_count == 3, "the refused objections wrote nothing"

    clock.advance(dt.timedelta(days=8))
    # Past the deadline even those concerned get the answer of a wrong id (issue 15).
    assert _codes(await _object(users, outsider, entry["id"])) == ["NOT_ANNOUNCED"]
    assert _codes(await _object(users, "resident.demo", entry["id"])) == ["NOT_ANNOUNCED"]


async def test_an_undecided_objection_holds_the_entry_until_decided(
    users: As, db: AsyncSession, clock: FakeClock, settle: Settler
) -> None:
    rejected_late, upheld_late, unopposed = await _announced(users, 2, 3, 4)
    objections = [
        (await _object(users, "resident.demo", entry["id"]))["objection"]
        for entry in (rejected_late, upheld_late)
    ]

    clock.advance(dt.timedelta(days=8))
    read = await users.data("huashi.admin", ACCOUNT, {"id": rejected_late["account"]["id"]})
    assert read["pointsAccount"]["pendingAwardPoints"] == 10, "held: reads as still pending"
    await settle()
    assert await _statuses(db, rejected_late["id"], upheld_late["id"], unopposed["id"]) == [
        "ANNOUNCED",
        "ANNOUNCED",
        "POSTED",
    ]
    read = await users.data("huashi.admin", ACCOUNT, {"id": rejected_late["account"]["id"]})
    assert read["pointsAccount"]["pendingAwardPoints"] == 10
    assert read["pointsAccount"]["availablePoints"] == 0
    assert read["pointsAccount"]["statement"]["entries"][0]["state"] == "PENDING"

    overdue = (await users.data("xinfenglu.admin", HEALTH))["bankHealth"]["objectionsOverdue"]
    assert [item["objection"]["id"] for item in overdue] == [o["id"] for o in objections]
    assert {item["application"]["status"] for item in overdue} == {"ANNOUNCED"}
    assert (await users.data("dage.admin", HEALTH))["bankHealth"]["objectionsOverdue"] == []

    assert _codes(await _decide(users, "xinfenglu.admin", objections[0]["id"], False)) == []
    assert _codes(await _decide(users, "xinfenglu.admin", objections[1]["id"], True)) == []
    assert await _statuses(db, rejected_late["id"], upheld_late["id"]) == ["POSTED", "VOIDED"]
    posted = await users.data("huashi.admin", ACCOUNT, {"id": rejected_late["account"]["id"]})
    assert posted["pointsAccount"]["availablePoints"] == 10
    assert posted["pointsAccount"]["pendingAwardPoints"] == 0
    voided = await users.data("huashi.admin", ACCOUNT, {"id": upheld_late["account"]["id"]})
    assert voided["pointsAccount"]["pendingAwardPoints"] == 0
    assert voided["pointsAccount"]["statement"]["entries"][0]["state"] == "RELEASED"
    assert (await users.data("xinfenglu.admin", HEALTH))["bankHealth"]["objectionsOverdue"] == []


async def test_no_objection_decision_about_ones_own_household(
    users: As, db: AsyncSession, settings: Settings
) -> None:
    member = await db.scalar(
        text("SELECT id FROM persons WHERE household_id = 2 ORDER BY id LIMIT 1")
    )
    await create_user(
        db, Passwords.from_settings(settings), username=CONFLICTED[0], password=CONFLICTED[1],
        display_name="住户兼村干部", grants=[Grant(Role.VILLAGE_ADMIN, HUASHI)], person_id=member,
    )  # fmt: skip
    await db.commit()
    await _sign_in(users, *CONFLICTED)
    own, other = await _announced(users, 2, 3)
    objections = [
        (await _object(users, "resident.demo", entry["id"]))["objection"] for entry in (own, other)
    ]

    refused = await _decide(users, CONFLICTED[0], objections[0]["id"], False)
    assert _codes(refused) == ["CONFLICT_OF_INTEREST"]
    assert refused["objection"] is None
    recorded = await db.scalar(text("SELECT count(*) FROM bank_conflict_refusals"))
    assert recorded == 1
    undecided = await db.scalar(
        text("SELECT count(*) FROM bank_objections WHERE status = 'LODGED'")
    )
    assert undecided == 2, "the refused decision changed nothing"
    assert _codes(await _decide(users, CONFLICTED[0], objections[1]["id"], False)) == []
    assert _codes(await _decide(users, "huashi.admin", objections[0]["id"], False)) == []


async def test_a_decision_after_the_reservation_lapsed_still_settles(
    users: As, db: AsyncSession, clock: FakeClock, settle: Settler
) -> None:
    """Held longer than the ledger's grace (30 days past the deadline), the reservation has
    lapsed: the decision still settles the entry (reject posts anew, uphold releases)."""
    rejected_late, upheld_late = await _announced(users, 2, 3)
    objections = [
        (await _object(users, "resident.demo", entry["id"]))["objection"]
        for entry in (rejected_late, upheld_late)
    ]
    clock.advance(dt.timedelta(days=8))
    await settle()
    clock.advance(dt.timedelta(days=40))

    assert _codes(await _decide(users, "xinfenglu.admin", objections[0]["id"], False)) == []
    assert _codes(await _decide(users, "xinfenglu.admin", objections[1]["id"], True)) == []
    assert await _statuses(db, rejected_late["id"], upheld_late["id"]) == ["POSTED", "VOIDED"]
    posted = await users.data("huashi.admin", ACCOUNT, {"id": rejected_late["account"]["id"]})
    assert posted["pointsAccount"]["availablePoints"] == 10
    assert posted["pointsAccount"]["pendingAwardPoints"] == 0
    voided = await users.data("huashi.admin", ACCOUNT, {"id": upheld_late["account"]["id"]})
    assert voided["pointsAccount"]["availablePoints"] == 0
    assert voided["pointsAccount"]["pendingAwardPoints"] == 0
