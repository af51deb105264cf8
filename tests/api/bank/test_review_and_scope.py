"""Goal: review, objections and visibility follow the rules: a reviewer cannot approve points
for their own household (refused, and the refusal recorded); an upheld objection voids the
entry at once (undecided ones: ``test_objection_board``); a deduction stops at the balance;
caps hold; each role sees and does only what its scope allows.

Method: the real ASGI app over the demo, as demo users and one extra village admin who lives in
household 2; the deadline passed with the controllable clock; refusals read as userErrors and
the recorded conflict read with SQL.
"""

from __future__ import annotations

import base64
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
from tests.api.bank.test_end_to_end import (
    ACCOUNT,
    DECIDE,
    OBJECT,
    PROPOSE,
    PUBLISH,
    REVIEW,
    RULE,
    SCHEME,
)
from tests.governance.bank.factories import top_up_to
from tests.support.auth import bearer, login

HUASHI = "130826001001"
CONFLICTED = ("conflicted.admin", "conflicted-admin-pass")


def household(household_id: int) -> str:
    return relay.to_base64("Household", household_id)


async def _rules(users: As, *points: int) -> tuple[str, list[str]]:
    created = await users.data(
        "huashi.admin", SCHEME, {"input": {"regionCode": HUASHI, "name": "测试"}}
    )
    scheme_id = created["createPointsScheme"]["scheme"]["id"]
    rule_ids = []
    for number, value in enumerate(points):
        rule = {"schemeId": scheme_id, "code": f"R-{number}", "category": "OTHER", "title": "测试",
                "points": value, "capPoints": 40 if value == 20 else None,
                "capPeriod": "MONTH" if value == 20 else None}  # fmt: skip
        rule_ids.append(
            (await users.data("huashi.admin", RULE, {"input": rule}))["addPointsRule"]["rule"]["id"]
        )
    return scheme_id, rule_ids


async def _propose(
    users: As, rule_id: str, household_id: int, username: str = "xinfenglu.admin"
) -> dict[str, Any]:
    proposal = {"ruleId": rule_id, "householdId": household(household_id), "eventOn": "2026-11-20"}
    return (await users.data(username, PROPOSE, {"input": proposal}))["proposePoints"]


async def _approve(
    users: As, application_id: str, username: str = "huashi.admin"
) -> dict[str, Any]:
    review = {"applicationId": application_id, "approve": True}
    return (await users.data(username, REVIEW, {"input": review}))["reviewPointsApplication"]


def _codes(payload: dict[str, Any]) -> list[str]:
    return [error["code"] for error in payload["userErrors"]]


async def test_no_approval_for_ones_own_household(
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
    users.tokens.clear()

    token = (await login(users.client, *CONFLICTED))["credentials"]["accessToken"]
    users.tokens[CONFLICTED[0]] = token
    _, [rule_id] = await _rules(users, 10)
    own = (await _propose(users, rule_id, 2))["application"]
    refused = await _approve(users, own["id"], CONFLICTED[0])
    assert _codes(refused) == ["CONFLICT_OF_INTEREST"]
    recorded = await db.scalar(text("SELECT count(*) FROM bank_conflict_refusals"))
    assert recorded == 1
    other = (await _propose(users, rule_id, 3))["application"]
    assert _codes(await _approve(users, other["id"], CONFLICTED[0])) == []
    assert _codes(await _approve(users, own["id"])) == [], "another reviewer may"
    assert bearer(token)


async def test_an_upheld_objection_voids_at_once(
    users: As, clock: FakeClock, db: AsyncSession, settle: Settler
) -> None:
    scheme_id, [rule_id] = await _rules(users, 10)
    upheld = (await _propose(users, rule_id, 2))["application"]
    await _approve(users, upheld["id"])
    await users.data(
        "huashi.admin", PUBLISH, {"input": {"schemeId": scheme_id, "villageCode": HUASHI}}
    )
    lodged = await users.data(
        "resident.demo", OBJECT, {"input": {"applicationId": upheld["id"], "reason": "不属实"}}
    )
    objection = lodged["lodgePointsObjection"]["objection"]
    decided = await users.data(
        "huashi.admin", DECIDE, {"input": {"objectionId": objection["id"], "uphold": True}}
    )
    assert decided["decidePointsObjection"]["objection"]["status"] == "UPHELD"
    voided = await users.data("huashi.admin", ACCOUNT, {"id": upheld["account"]["id"]})
    assert voided["pointsAccount"]["pendingAwardPoints"] == 0
    assert [e["state"] for e in voided["pointsAccount"]["statement"]["entries"]] == [
        "RELEASED",
        "PENDING",
    ]

    clock.advance(dt.timedelta(days=8))
    await settle()
    late = await users.data(
        "resident.demo", OBJECT, {"input": {"applicationId": upheld["id"], "reason": "晚了"}}
    )
    # Issue 15: a closed entry answers exactly like one that does not exist.
    unknown = await users.data(
        "resident.demo",
        OBJECT,
        {"input": {"applicationId": _global_id("PointsApplication:999999"), "reason": "晚了"}},
    )
    assert late["lodgePointsObjection"] == unknown["lodgePointsObjection"]
    assert _codes(late["lodgePointsObjection"]) == ["NOT_ANNOUNCED"]
    status = await db.scalar(text("SELECT status FROM bank_applications ORDER BY id DESC LIMIT 1"))
    assert status == "VOIDED"


async def test_deduction_stops_at_the_balance_and_caps_hold(
    users: As, clock: FakeClock, db: AsyncSession
) -> None:
    scheme_id, [award_id, deduction_id] = await _rules(users, 20, -50)
    first = (await _propose(users, award_id, 4))["application"]
    assert _codes(await _propose(users, award_id, 4)) == []
    assert _codes(await _propose(users, award_id, 4)) == ["CAP_EXCEEDED"]
    await _approve(users, first["id"])
    await users.data(
        "huashi.admin", PUBLISH, {"input": {"schemeId": scheme_id, "villageCode": HUASHI}}
    )
    clock.advance(dt.timedelta(days=8))
    account_id = first["account"]["id"]
    assert (await users.data("huashi.admin", ACCOUNT, {"id": account_id}))["pointsAccount"][
        "availablePoints"
    ] == 20
    deduction = (await _propose(users, deduction_id, 4))["application"]
    await _approve(users, deduction["id"])
    published = await users.data(
        "huashi.admin", PUBLISH, {"input": {"schemeId": scheme_id, "villageCode": HUASHI}}
    )
    entries = published["publishPointsAnnouncement"]["announcement"]["entries"]
    assert [e["pointsApplied"] for e in entries if e["id"] == deduction["id"]] == [20]
    held = (await users.data("huashi.admin", ACCOUNT, {"id": account_id}))["pointsAccount"]
    assert (held["availablePoints"], held["pendingDeductionPoints"]) == (0, 20)


async def test_scopes(users: As, db: AsyncSession) -> None:
    huashi = await top_up_to(db, 6, 30)
    dage_household = await db.scalar(
        text("SELECT min(id) FROM households WHERE region_code LIKE '130826100%'")
    )
    dage = await top_up_to(db, dage_household, 30)
    await db.commit()
    huashi_id = relay.to_base64("PointsAccount", huashi.id)
    dage_id = relay.to_base64("PointsAccount", dage.id)
    read = "query($id: ID!) { pointsAccount(id: $id) { availablePoints } }"

    async def sees(username: str, account_id: str) -> bool:
        return (await users.data(username, read, {"id": account_id}))["pointsAccount"] is not None

    assert await sees("huashi.admin", huashi_id)
    assert not await sees("huashi.admin", dage_id)
    assert await sees("dage.admin", dage_id)
    assert await sees("supermarket1.cashier", huashi_id)
    assert not await sees("supermarket1.cashier", dage_id)
    assert not await sees("resident.demo", huashi_id), "another household's account"
    assert await sees("county.admin", dage_id)
    anonymous = await users.client.data(read, {"id": huashi_id})
    assert anonymous["pointsAccount"] is None
    mine = await users.data(
        "resident.demo", "{ myPointsAccounts { nodes { availablePoints household { id } } } }"
    )
    assert {a["household"]["id"] for a in mine["myPointsAccounts"]["nodes"]} == {household(1)}

    _, [rule_id] = await _rules(users, 10)
    proposed = (await _propose(users, rule_id, 6))["application"]
    assert _codes(await _approve(users, proposed["id"], "dage.admin")) == ["FORBIDDEN"]
    # Row-level security hides the household from dage.admin: out of scope reads as absent.
    assert _codes(await _propose(users, rule_id, 6, "dage.admin")) == ["HOLDER_NOT_FOUND"]
    # The county admin sees the 大阁镇 household, which lives outside the 花石 scheme; for the
    # township admin of 新丰路 it is out of scope, hence absent.
    assert _codes(await _propose(users, rule_id, dage_household, "county.admin")) == [
        "OUTSIDE_SCHEME"
    ]
    assert _codes(await _propose(users, rule_id, dage_household)) == ["HOLDER_NOT_FOUND"]


def _global_id(text: str) -> str:
    return base64.b64encode(text.encode()).decode()
