"""Goal: running a supermarket over GraphQL: opening one (admins of its region only), goods
with a price history, stock received with the donor disclosed (a donation without a donor is
refused), and a closed points account refused at the till with nothing changed.

Method: the real ASGI app over the demo, as xinfenglu.admin (township admin), the cashier of
supermarket 1 and a village admin of another township; follow-up queries read the results.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from tests.api.bank.conftest import As
from tests.api.bank.test_end_to_end import RETURN
from tests.api.bank.test_redemption import REDEEM, _market, _sale
from tests.governance.bank.factories import top_up_to

OPEN = """mutation($input: CreateSupermarketInput!) { createSupermarket(input: $input) {
  supermarket { id name open region { code } } userErrors { code } } }"""
ADD = """mutation($input: AddGoodsInput!) { addGoods(input: $input) {
  goods { id name pricePoints stock } userErrors { code } } }"""
PRICE = """mutation($input: SetGoodsPriceInput!) { setGoodsPrice(input: $input) {
  goods { pricePoints priceHistory { nodes { pricePoints } } } userErrors { code } } }"""
RECEIVE = """mutation($input: ReceiveStockInput!) { receiveStock(input: $input) {
  goods { stock } userErrors { code field } } }"""
DONATIONS = """query($id: ID!) { node(id: $id) { ... on Supermarket { stockIns {
  nodes { goodsName quantity source donorName donorKind } } } } }"""
CLOSE = """mutation($input: ClosePointsAccountInput!) { closePointsAccount(input: $input) {
  account { closed } userErrors { code } } }"""


def _codes(payload: dict[str, Any]) -> list[str]:
    return [error["code"] for error in payload["userErrors"]]


async def test_goods_prices_and_donations(users: As) -> None:
    opened = await users.data(
        "xinfenglu.admin",
        OPEN,
        {"input": {"regionCode": "130826001002", "name": "第二社区爱心超市"}},
    )
    market = opened["createSupermarket"]["supermarket"]
    assert market["region"]["code"] == "130826001002"
    refused = await users.data(
        "dage.admin", OPEN, {"input": {"regionCode": "130826001002", "name": "越权"}}
    )
    assert _codes(refused["createSupermarket"]) == ["FORBIDDEN"]

    soap = {"supermarketId": market["id"], "name": "香皂", "unitLabel": "块", "pricePoints": 5}
    goods = (await users.data("xinfenglu.admin", ADD, {"input": soap}))["addGoods"]["goods"]
    assert (goods["pricePoints"], goods["stock"]) == (5, 0)
    assert _codes((await users.data("xinfenglu.admin", ADD, {"input": soap}))["addGoods"]) == [
        "GOODS_EXISTS"
    ]
    repriced = await users.data(
        "xinfenglu.admin", PRICE, {"input": {"goodsId": goods["id"], "pricePoints": 6}}
    )
    assert repriced["setGoodsPrice"]["goods"]["priceHistory"]["nodes"] == [
        {"pricePoints": 6},
        {"pricePoints": 5},
    ]

    delivery = {
        "goodsId": goods["id"],
        "quantity": 50,
        "source": "DONATION",
        "receivedOn": "2026-11-25",
    }
    anonymous = await users.data("xinfenglu.admin", RECEIVE, {"input": delivery})
    assert anonymous["receiveStock"]["userErrors"] == [
        {"code": "DONOR_REQUIRED", "field": "donorName"}
    ]
    delivery |= {"donorName": "县慈善总会", "donorKind": "ORGANIZATION"}
    received = await users.data("xinfenglu.admin", RECEIVE, {"input": delivery})
    assert received["receiveStock"]["goods"]["stock"] == 50
    listed = (await users.data("resident.demo", DONATIONS, {"id": market["id"]}))["node"][
        "stockIns"
    ]["nodes"]
    assert listed == [{"goodsName": "香皂", "quantity": 50, "source": "DONATION",
                       "donorName": "县慈善总会", "donorKind": "ORGANIZATION"}]  # fmt: skip


async def test_closed_account_is_refused(users: As, db: AsyncSession) -> None:
    holder = await top_up_to(db, 7, 100)
    await db.commit()
    account_id = relay.to_base64("PointsAccount", holder.id)
    market_id, goods = await _market(users)
    bought = _sale(market_id, account_id, "before-closing", (goods["香皂"]["id"], 2))
    receipt = (await users.data("supermarket1.cashier", REDEEM, bought))["redeemPoints"]["receipt"]
    assert _codes(
        (await users.data("supermarket1.cashier", CLOSE, {"input": {"accountId": account_id}}))[
            "closePointsAccount"
        ]
    ) == ["ACCOUNT_NOT_FOUND"]
    closed = await users.data("huashi.admin", CLOSE, {"input": {"accountId": account_id}})
    assert closed["closePointsAccount"]["account"]["closed"] is True
    sale = _sale(market_id, account_id, "closed-1", (goods["香皂"]["id"], 1))
    refused = (await users.data("supermarket1.cashier", REDEEM, sale))["redeemPoints"]
    assert _codes(refused) == ["ACCOUNT_CLOSED"]
    balance = await users.data(
        "huashi.admin",
        "query($id: ID!) { pointsAccount(id: $id) { availablePoints } }",
        {"id": account_id},
    )
    assert balance["pointsAccount"]["availablePoints"] == 90
    back = {"input": {"receiptId": receipt["id"], "idempotencyKey": "back-1"}}
    returned = (await users.data("supermarket1.cashier", RETURN, back))["returnGoods"]
    assert _codes(returned) == ["ACCOUNT_CLOSED"]
