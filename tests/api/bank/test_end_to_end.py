"""Goal: the whole life of points over HTTP — rule → proposal → approval → announcement
(pending visible) → objection rejected → posting at the deadline → redemption → partial return
— shows on the statement step by step with running balances, and `grassroots ledger verify`
is clean afterwards.

Method: the real ASGI app over the demo (supermarket 1 of 花石社区 with its goods); each step
as the demo user whose role it is; the deadline passed with a controllable clock (the app's
settlement on read posts); the CLI run on the same database.
"""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from strawberry import relay
from typer.testing import CliRunner

from api.cli.main import app
from kit.settings import get_settings
from tests.api.bank.conftest import As, FakeClock

HUASHI = "130826001001"
HOUSEHOLD_1 = relay.to_base64("Household", 1)

SCHEME = """mutation($input: CreatePointsSchemeInput!) { createPointsScheme(input: $input) {
  scheme { id announcementDays } userErrors { code message } } }"""
RULE = """mutation($input: AddPointsRuleInput!) { addPointsRule(input: $input) {
  rule { id points } userErrors { code message } } }"""
PROPOSE = """mutation($input: ProposePointsInput!) { proposePoints(input: $input) {
  application { id status points account { id } } userErrors { code field message } } }"""
REVIEW = """mutation($input: ReviewPointsApplicationInput!) { reviewPointsApplication(input: $input) {
  application { id status } userErrors { code message } } }"""
PUBLISH = """mutation($input: PublishPointsAnnouncementInput!) {
  publishPointsAnnouncement(input: $input) {
    announcement { id status closesAt entries { id status pointsApplied } downloadPaths }
    userErrors { code message } } }"""
OBJECT = """mutation($input: LodgePointsObjectionInput!) { lodgePointsObjection(input: $input) {
  objection { id status } userErrors { code message } } }"""
DECIDE = """mutation($input: DecidePointsObjectionInput!) { decidePointsObjection(input: $input) {
  objection { id status } userErrors { code message } } }"""
ACCOUNT = """query($id: ID!) { pointsAccount(id: $id) {
  availablePoints pendingAwardPoints pendingDeductionPoints
  statement(first: 10) { entries { reason state changePoints availablePointsAfter
    pendingPointsAfter reference } nextCursor }
  receipts { number totalPoints returnedPoints } statementDigestCode } }"""
GOODS = """{ supermarkets(regionCode: "130826001001") {
  nodes { id goods { nodes { id name pricePoints stock } } } } }"""
REDEEM = """mutation($input: RedeemPointsInput!) { redeemPoints(input: $input) {
  receipt { id number totalPoints balanceAfterPoints lines { lineNumber goodsName quantity
    amountPoints } } userErrors { code field message } } }"""
RETURN = """mutation($input: ReturnGoodsInput!) { returnGoods(input: $input) {
  receipt { id totalPoints returnedPoints lines { lineNumber returnedQuantity } }
  userErrors { code field message } } }"""


async def _scheme_with_rule(users: As) -> tuple[str, str]:
    created = await users.data(
        "huashi.admin", SCHEME, {"input": {"regionCode": HUASHI, "name": "花石社区积分"}}
    )
    scheme = created["createPointsScheme"]["scheme"]
    assert scheme["announcementDays"] == 7
    rule = {"schemeId": scheme["id"], "code": "XL-01", "category": "FILIAL_PIETY",
            "title": "照顾老人", "points": 120, "evidenceRequired": True}  # fmt: skip
    added = await users.data("huashi.admin", RULE, {"input": rule})
    return scheme["id"], added["addPointsRule"]["rule"]["id"]


async def _announce(users: As, scheme_id: str, rule_id: str) -> tuple[str, str]:
    proposal = {"ruleId": rule_id, "householdId": HOUSEHOLD_1, "eventOn": "2026-11-20"}
    refused = await users.data("xinfenglu.admin", PROPOSE, {"input": proposal})
    assert [e["code"] for e in refused["proposePoints"]["userErrors"]] == ["EVIDENCE_REQUIRED"]
    proposal["evidenceNote"] = "照顾独居老人一个月，邻居证明"
    proposed = (await users.data("xinfenglu.admin", PROPOSE, {"input": proposal}))["proposePoints"]
    assert proposed["userErrors"] == []
    application = proposed["application"]
    assert application["status"] == "PROPOSED"
    review = {"applicationId": application["id"], "approve": True}
    reviewed = await users.data("huashi.admin", REVIEW, {"input": review})
    assert reviewed["reviewPointsApplication"]["application"]["status"] == "APPROVED"
    published = await users.data(
        "huashi.admin", PUBLISH, {"input": {"schemeId": scheme_id, "villageCode": HUASHI}}
    )
    announcement = published["publishPointsAnnouncement"]["announcement"]
    assert announcement["entries"] == [
        {"id": application["id"], "status": "ANNOUNCED", "pointsApplied": 120}
    ]
    return application["id"], application["account"]["id"]


async def _account(users: As, username: str, account_id: str) -> dict[str, object]:
    return (await users.data(username, ACCOUNT, {"id": account_id}))["pointsAccount"]


async def test_points_from_rule_to_return(
    users: As, clock: FakeClock, people_database_url: str
) -> None:
    scheme_id, rule_id = await _scheme_with_rule(users)
    application_id, account_id = await _announce(users, scheme_id, rule_id)

    pending = await _account(users, "resident.demo", account_id)
    assert (pending["availablePoints"], pending["pendingAwardPoints"]) == (0, 120)

    lodged = await users.data(
        "resident.demo", OBJECT, {"input": {"applicationId": application_id, "reason": "核实"}}
    )
    objection = lodged["lodgePointsObjection"]["objection"]
    decided = await users.data(
        "huashi.admin", DECIDE, {"input": {"objectionId": objection["id"], "uphold": False}}
    )
    assert decided["decidePointsObjection"]["objection"]["status"] == "REJECTED"

    clock.advance(dt.timedelta(days=7, minutes=1))
    posted = await _account(users, "resident.demo", account_id)
    assert (posted["availablePoints"], posted["pendingAwardPoints"]) == (120, 0)

    market = (await users.data("supermarket1.cashier", GOODS))["supermarkets"]["nodes"][0]
    goods = {g["name"]: g for g in market["goods"]["nodes"]}
    soap, rice = goods["香皂"], goods["大米 10斤"]
    sale = {"supermarketId": market["id"], "accountId": account_id, "idempotencyKey": "e2e-1",
            "lines": [{"goodsId": soap["id"], "quantity": 2}, {"goodsId": rice["id"], "quantity": 1}]}  # fmt: skip
    redeemed = (await users.data("supermarket1.cashier", REDEEM, {"input": sale}))["redeemPoints"]
    assert redeemed["userErrors"] == []
    receipt = redeemed["receipt"]
    assert (receipt["totalPoints"], receipt["balanceAfterPoints"]) == (60, 60)
    again = (await users.data("supermarket1.cashier", REDEEM, {"input": sale}))["redeemPoints"]
    assert again["receipt"] == receipt, "a retry answers the same receipt"

    back = {"receiptId": receipt["id"], "idempotencyKey": "e2e-return-1",
            "lines": [{"lineNumber": 1, "quantity": 1}]}  # fmt: skip
    returned = (await users.data("supermarket1.cashier", RETURN, {"input": back}))["returnGoods"]
    assert returned["receipt"]["returnedPoints"] == 5
    assert returned["receipt"]["lines"][0]["returnedQuantity"] == 1

    final = await _account(users, "resident.demo", account_id)
    assert final["availablePoints"] == 65
    steps = [
        (
            e["reason"],
            e["state"],
            e["changePoints"],
            e["availablePointsAfter"],
            e["pendingPointsAfter"],
        )
        for e in final["statement"]["entries"]
    ]
    assert steps == [
        ("RETURN", "POSTED", 5, 65, 0),
        ("REDEMPTION", "POSTED", -60, 60, 0),
        ("AWARD", "POSTED", 120, 120, 0),
        ("AWARD", "PENDING", 120, 0, 120),
    ]
    assert final["receipts"] == [
        {"number": receipt["number"], "totalPoints": 60, "returnedPoints": 5}
    ]
    assert len(final["statementDigestCode"]) == 11

    market = (await users.data("supermarket1.cashier", GOODS))["supermarkets"]["nodes"][0]
    after = {g["name"]: g["stock"] for g in market["goods"]["nodes"]}
    assert after["香皂"] == soap["stock"] - 1
    assert after["大米 10斤"] == rice["stock"] - 1

    await _verify_with_cli(people_database_url)


async def _verify_with_cli(database_url: str) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GRASSROOTS_DATABASE_URL", database_url)
        get_settings.cache_clear()
        try:
            result = await asyncio.to_thread(CliRunner().invoke, app, ["ledger", "verify"])
        finally:
            get_settings.cache_clear()
    assert result.exit_code == 0, result.output
