"""Goal: the notice board (公示) reaches the people it is for. A resident sees their village's
announcement and objects to an entry of it; an anonymous visitor opens the printed notice page
and checks a household's notice code, which stays valid after that household spends (the code
printed before issue 18 covered the whole account and stopped matching at the next purchase);
names follow the scheme's display policy (full, masked, none) for anonymous viewers, on the
page and over GraphQL; a wrong code is invalid, and nothing there needs a sign-in.

Method: the real ASGI app over the demo: schemes, rules, proposals, reviews and publications as
the demo's staff do them; the resident, the cashier and an anonymous client over HTTP; the
clock moved past the deadline so the award posts before the sale; the household head's real
name read through `holder_public_names`, as the board reads it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from governance.people.masking import mask_name
from tests.api.bank.conftest import As, FakeClock
from tests.api.bank.test_end_to_end import (
    OBJECT,
    PROPOSE,
    PUBLISH,
    REDEEM,
    REVIEW,
    RULE,
    SCHEME,
)
from tests.api.bank.test_redemption import _market
from tests.support.auth import auth_settings
from tests.support.graphql import graphql_client

HUASHI = "130826001001"
HOUSEHOLD_1 = relay.to_base64("Household", 1)
BOARD = """query($region: String!) { pointsAnnouncements(regionCode: $region, first: 100) {
  nodes { id status noticePagePath entries { id }
  noticeLines { applicationId displayName householdNumber ruleCode points status objected
    noticeCode } } } }"""
DIGEST = "query($id: ID!) { pointsAccount(id: $id) { availablePoints statementDigestCode } }"
CODE = re.compile(r'data-code="([^"]+)"')


async def _publish(users: As, name_display: str = "MASKED", points: int = 30) -> dict[str, Any]:
    """A scheme of 花石社区 with one rule, one award to household 1, announced; answers the
    publication's announcement and the award's account id."""
    created = await users.data(
        "huashi.admin", SCHEME,
        {"input": {"regionCode": HUASHI, "name": f"公示 {name_display}", "nameDisplay": name_display}},
    )  # fmt: skip
    scheme_id = created["createPointsScheme"]["scheme"]["id"]
    rule = {"schemeId": scheme_id, "code": "LL-01", "category": "NEIGHBOURLY_HELP",
            "title": "邻里互助", "points": points}  # fmt: skip
    rule_id = (await users.data("huashi.admin", RULE, {"input": rule}))["addPointsRule"]["rule"]
    proposal = {"ruleId": rule_id["id"], "householdId": HOUSEHOLD_1, "eventOn": "2026-11-20"}
    proposed = await users.data("xinfenglu.admin", PROPOSE, {"input": proposal})
    application = proposed["proposePoints"]["application"]
    review = {"applicationId": application["id"], "approve": True}
    await users.data("huashi.admin", REVIEW, {"input": review})
    published = await users.data(
        "huashi.admin", PUBLISH, {"input": {"schemeId": scheme_id, "villageCode": HUASHI}}
    )
    announcement = published["publishPointsAnnouncement"]["announcement"]
    return {**announcement, "account_id": application["account"]["id"]}


async def _anonymous(users: As, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    return await users.client.data(query, variables)


def _announcement(board: dict[str, Any], announcement_id: str) -> dict[str, Any]:
    [found] = [a for a in board["pointsAnnouncements"]["nodes"] if a["id"] == announcement_id]
    return found


async def _verify(users: As, code: str) -> str:
    response = await users.client.http.get("/notice/verify", params={"code": code})
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    match = re.search(r'data-result="(valid|invalid)"', response.text)
    assert match is not None, response.text
    return match.group(1)


async def test_a_resident_sees_the_announcement_and_objects(users: As) -> None:
    announcement = await _publish(users)
    board = await users.data("resident.demo", BOARD, {"region": HUASHI})
    seen = _announcement(board, announcement["id"])
    [line] = seen["noticeLines"]
    assert (line["points"], line["status"], line["objected"]) == (30, "ANNOUNCED", False)
    assert seen["entries"] == [], "the entries themselves stay with the region's staff"

    reason = {"applicationId": line["applicationId"], "reason": "这次互助我没见到"}
    lodged = (await users.data("resident.demo", OBJECT, {"input": reason}))["lodgePointsObjection"]
    assert lodged["userErrors"] == []
    assert lodged["objection"]["status"] == "LODGED"
    after = _announcement(await users.data("resident.demo", BOARD, {"region": HUASHI}), seen["id"])
    assert after["noticeLines"][0]["objected"] is True

    # The resident's download of their village's list is no longer a 404.
    csv_path = announcement["downloadPaths"][0]
    download = await users.client.http.get(csv_path, headers=await users.headers("resident.demo"))
    assert download.status_code == 200
    assert line["noticeCode"] in download.content.decode("utf-8-sig")


async def test_an_anonymous_visitor_checks_a_code_before_and_after_the_household_spends(
    users: As, clock: FakeClock, db: AsyncSession
) -> None:
    announcement = await _publish(users, points=30)
    number = relay.from_base64(announcement["id"])[1]
    page = await users.client.http.get(f"/notice/announcements/{number}")
    assert page.status_code == 200
    assert "text/html" in page.headers["content-type"]
    assert "<script" not in page.text
    assert "@page{size:A4" in page.text
    [code] = CODE.findall(page.text)
    assert "<svg" in page.text, "a QR code per household"
    account_id = announcement["account_id"]
    digest_before = (await users.data("resident.demo", DIGEST, {"id": account_id}))["pointsAccount"]
    assert await _verify(users, code) == "valid"
    assert await _verify(users, code.lower().replace("-", " ")) == "valid", "typed loosely"

    # The deadline passes (the award posts), then the household buys soap with these points.
    clock.advance(dt.timedelta(days=7, minutes=1))
    market_id, goods = await _market(users)
    sale = {"supermarketId": market_id, "accountId": account_id, "idempotencyKey": "notice-1",
            "lines": [{"goodsId": goods["香皂"]["id"], "quantity": 1}]}  # fmt: skip
    sold = (await users.data("supermarket1.cashier", REDEEM, {"input": sale}))["redeemPoints"]
    assert sold["userErrors"] == []

    digest_after = (await users.data("resident.demo", DIGEST, {"id": account_id}))["pointsAccount"]
    assert digest_after["availablePoints"] == 30 - sold["receipt"]["totalPoints"]
    # Regression: the account-wide code moved with the sale; the notice code must not.
    assert digest_after["statementDigestCode"] != digest_before["statementDigestCode"]
    assert await _verify(users, code) == "valid"
    again = await users.client.http.get(f"/notice/announcements/{number}")
    assert CODE.findall(again.text) == [code]
    assert "已入账" in again.text, "the line shows where the entry stands now"
    await db.commit()
    download = await users.client.http.get(
        announcement["downloadPaths"][0], headers=await users.headers("huashi.admin")
    )
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert [row[8] for row in rows if len(row) == 9 and row[0] == "1"] == [code]

    wrong = code[:-1] + ("A" if code[-1] != "A" else "B")
    assert await _verify(users, wrong) == "invalid"
    assert await _verify(users, "not a code") == "invalid"
    assert await _verify(users, "999999-AAAAA-AAAAA") == "invalid"
    assert await _verify(users, "9999999999999999999-AAAAA-AAAAA") == "invalid", "> bigint"
    form = await users.client.http.get("/notice/verify")
    assert form.status_code == 200
    assert '<form method="get"' in form.text
    assert "data-result" not in form.text


@pytest.mark.parametrize("policy", ["FULL", "MASKED", "NONE"])
async def test_names_follow_the_display_policy_for_anonymous_viewers(
    users: As, db: AsyncSession, policy: str
) -> None:
    announcement = await _publish(users, name_display=policy)
    holder_id = relay.from_base64(announcement["account_id"])[1]
    found = await db.execute(
        text("SELECT name, household_number FROM holder_public_names(:ids)"),
        {"ids": [int(holder_id)]},
    )
    name, household_number = found.one()
    await db.commit()
    expected = {"FULL": name, "MASKED": mask_name(name), "NONE": f"户 {household_number}"}[policy]

    board = await _anonymous(users, BOARD, {"region": HUASHI})
    [line] = _announcement(board, announcement["id"])["noticeLines"]
    assert (line["displayName"], line["householdNumber"]) == (expected, household_number)
    number = relay.from_base64(announcement["id"])[1]
    page = (await users.client.http.get(f"/notice/announcements/{number}")).text
    assert f"<td>{expected}</td>" in page
    if policy != "FULL":
        assert name not in page, "the full name appears nowhere on the page"
    verdict = await users.client.http.get("/notice/verify", params={"code": line["noticeCode"]})
    assert expected in verdict.text
    if policy != "FULL":
        assert name not in verdict.text


async def test_a_missing_announcement_is_404(users: As) -> None:
    for path in ("/notice/announcements/999999", "/notice/announcements/99999999999999999999"):
        response = await users.client.http.get(path)
        assert response.status_code == 404


async def test_a_page_of_notices_costs_what_one_does(
    people_database_url: str, clock: FakeClock
) -> None:
    """Notice lines of a page of announcements load together (no statement per announcement)."""
    query = """query($n: Int!) { pointsAnnouncements(regionCode: "130826001001", first: $n) {
      nodes { noticeLines { displayName noticeCode } } } }"""
    async with graphql_client(auth_settings(debug_sql=True), people_database_url, clock) as client:
        users = As(client)
        for policy in ("FULL", "NONE", "MASKED"):
            await _publish(users, name_display=policy)
        counts = []
        for size in (1, 4):
            body = (await client.post(query, {"n": size})).json()
            assert "errors" not in body, body
            announcements = body["data"]["pointsAnnouncements"]["nodes"]
            assert all(a["noticeLines"] for a in announcements)
            counts.append((len(announcements), body["extensions"]["sql"]["statements"]))
    (one, small), (four, large) = counts
    assert (one, four) == (1, 4)
    assert large == small


async def test_the_public_pages_are_rate_limited_per_address(people_database_url: str) -> None:
    """Guessing codes costs like any anonymous request: the address's bucket runs dry (429 with
    Retry-After), the same bucket anonymous GraphQL draws from."""
    settings = auth_settings(rate_limit_burst_requests=3, rate_limit_refill_per_second=0.001)
    async with graphql_client(settings, people_database_url) as client:
        statuses = [
            (await client.http.get("/notice/verify", params={"code": f"1-AAAAA-AAAA{n}"}))
            for n in range(2)
        ]
        assert [response.status_code for response in statuses] == [200, 200]
        assert (await client.http.get("/notice/announcements/1")).status_code == 200
        refused = await client.http.get("/notice/verify", params={"code": "1-AAAAA-AAAAA"})
        assert refused.status_code == 429
        assert int(refused.headers["retry-after"]) >= 1
        graphql = await client.post('{ regionByCode(code: "130826") { code } }')
        assert graphql.status_code == 429
