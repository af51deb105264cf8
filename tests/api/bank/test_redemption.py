"""Goal: redemption at the till is exact under concurrency and idempotent: 20 concurrent sales
against a balance covering 5 give exactly 5 receipts and 15 INSUFFICIENT_POINTS, points and
stock exact, nothing left behind by the refused ones; a retry answers the same receipt; the
same key with other lines is refused; every refusal changes nothing; only the supermarket's
own cashier may sell.

Method: the real ASGI app over the demo; points awarded through the services (proposal to
settlement) for a household of 花石社区; sales as `supermarket1.cashier` over HTTP, the 20
concurrent ones with asyncio.gather; balances and stock read back over GraphQL and SQL.
"""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from tests.api.bank.conftest import As
from tests.governance.bank.factories import award, top_up_to
from tests.support.fingerprint import fingerprint

HOUSEHOLD = 5  # of 花石社区, awarded nothing by the demo
REDEEM = """mutation($input: RedeemPointsInput!) { redeemPoints(input: $input) {
  receipt { id number totalPoints balanceAfterPoints } userErrors { code field message } } }"""
GOODS = """{ supermarkets(regionCode: "130826001001") {
  nodes { id goods { nodes { id name pricePoints stock } } } } }"""
BALANCE = "query($id: ID!) { pointsAccount(id: $id) { availablePoints } }"


async def _account(db: AsyncSession, points: int) -> str:
    holder = await top_up_to(db, HOUSEHOLD, points)
    await db.commit()
    return relay.to_base64("PointsAccount", holder.id)


async def _market(users: As) -> tuple[str, dict[str, dict[str, Any]]]:
    market = (await users.data("supermarket1.cashier", GOODS))["supermarkets"]["nodes"][0]
    return market["id"], {goods["name"]: goods for goods in market["goods"]["nodes"]}


def _sale(market_id: str, account_id: str, key: str, *lines: tuple[str, int]) -> dict[str, Any]:
    return {"input": {
        "supermarketId": market_id, "accountId": account_id, "idempotencyKey": key,
        "lines": [{"goodsId": goods_id, "quantity": quantity} for goods_id, quantity in lines],
    }}  # fmt: skip


async def _redeem(
    users: As, variables: dict[str, Any], username: str = "supermarket1.cashier"
) -> dict[str, Any]:
    return (await users.data(username, REDEEM, variables))["redeemPoints"]


def _codes(payload: dict[str, Any]) -> list[str]:
    return [error["code"] for error in payload["userErrors"]]


async def test_twenty_concurrent_sales_against_five(users: As, db: AsyncSession) -> None:
    account_id = await _account(db, 5 * 50)
    market_id, goods = await _market(users)
    rice = goods["大米 10斤"]
    await users.headers("supermarket1.cashier")
    sales = [_sale(market_id, account_id, f"rush-{n}", (rice["id"], 1)) for n in range(20)]
    failures_before = await db.scalar(text("SELECT count(*) FROM transfer_failures"))
    await db.commit()

    payloads = await asyncio.gather(*(_redeem(users, sale) for sale in sales))

    receipts = [p["receipt"] for p in payloads if p["receipt"]]
    assert len(receipts) == 5
    assert (
        sorted(_codes(p)[0] for p in payloads if not p["receipt"]) == ["INSUFFICIENT_POINTS"] * 15
    )
    assert sorted(r["balanceAfterPoints"] for r in receipts) == [0, 50, 100, 150, 200]
    balance = await users.data("supermarket1.cashier", BALANCE, {"id": account_id})
    assert balance["pointsAccount"]["availablePoints"] == 0
    _, after = await _market(users)
    assert after["大米 10斤"]["stock"] == rice["stock"] - 5
    assert await db.scalar(text("SELECT count(*) FROM transfer_failures")) == failures_before
    assert (
        await db.scalar(text("SELECT count(*) FROM receipts WHERE idempotency_key LIKE 'rush-%'"))
        == 5
    )


async def test_retries_and_refusals_change_nothing(
    users: As, db: AsyncSession, people_database_url: str
) -> None:
    account_id = await _account(db, 100)
    market_id, goods = await _market(users)
    soap, oil = goods["香皂"], goods["食用油 5L"]
    sale = _sale(market_id, account_id, "k-1", (soap["id"], 2))
    first = await _redeem(users, sale)
    assert first["receipt"]["totalPoints"] == 10
    # The sale runs without a savepoint: every table (the logs aside) proves it atomic.
    before = await fingerprint(people_database_url)
    assert (await _redeem(users, sale))["receipt"] == first["receipt"]
    other = _sale(market_id, account_id, "k-1", (soap["id"], 3))
    assert _codes(await _redeem(users, other)) == ["IDEMPOTENCY_KEY_REUSED"]

    too_dear = _sale(market_id, account_id, "k-2", (oil["id"], 2))
    assert _codes(await _redeem(users, too_dear)) == ["INSUFFICIENT_POINTS"]
    unknown = _sale(market_id, account_id, "k-3", (relay.to_base64("Goods", 10**9), 1))
    assert _codes(await _redeem(users, unknown)) == ["GOODS_NOT_FOUND"]
    too_many = _sale(market_id, account_id, "k-4", (soap["id"], soap["stock"] + 1))
    assert _codes(await _redeem(users, too_many)) in (
        ["INSUFFICIENT_POINTS"],
        ["INSUFFICIENT_STOCK"],
    )
    assert _codes(await _redeem(users, sale, "resident.demo")) == ["FORBIDDEN"]
    assert await fingerprint(people_database_url) == before
    balance = await users.data("supermarket1.cashier", BALANCE, {"id": account_id})
    assert balance["pointsAccount"]["availablePoints"] == 90

    # The refused key is free again: nothing of the refusal was kept.
    await award(db, HOUSEHOLD, 100)
    await db.commit()
    assert (await _redeem(users, too_dear))["receipt"]["totalPoints"] == 170


async def test_insufficient_stock(users: As, db: AsyncSession, people_database_url: str) -> None:
    account_id = await _account(db, 10_000)
    market_id, goods = await _market(users)
    oil = goods["食用油 5L"]
    sale = _sale(
        market_id, account_id, "s-1", (goods["香皂"]["id"], 1), (oil["id"], oil["stock"] + 1)
    )
    before = await fingerprint(people_database_url)  # refused by the ledger's own write
    payload = await _redeem(users, sale)
    assert await fingerprint(people_database_url) == before
    assert payload["userErrors"][0]["code"] == "INSUFFICIENT_STOCK"
    assert payload["userErrors"][0]["field"] == "lines.1.quantity"
    _, after = await _market(users)
    assert after["香皂"]["stock"] == goods["香皂"]["stock"]


RETURN = """mutation($input: ReturnGoodsInput!) { returnGoods(input: $input) {
  receipt { id returnedPoints } userErrors { code field } } }"""


async def test_a_return_key_names_one_return(users: As, db: AsyncSession) -> None:
    """Goal: a return's key behaves as a sale's: the same key and lines answer the first return,
    the same key with other lines is IDEMPOTENCY_KEY_REUSED (it once answered the first return
    silently). Method: a sale of two soaps, a return of one under a key, then retries."""
    account_id = await _account(db, 100)
    market_id, goods = await _market(users)
    sale = await _redeem(users, _sale(market_id, account_id, "r-sale", (goods["香皂"]["id"], 2)))
    receipt_id = sale["receipt"]["id"]

    async def give_back(key: str, lines: list[dict[str, int]] | None) -> dict[str, Any]:
        back = {"receiptId": receipt_id, "idempotencyKey": key, "lines": lines}
        return (await users.data("supermarket1.cashier", RETURN, {"input": back}))["returnGoods"]

    one = [{"lineNumber": 1, "quantity": 1}]
    first = await give_back("r-1", one)
    assert (first["userErrors"], first["receipt"]["returnedPoints"]) == ([], 5)
    assert await give_back("r-1", one) == first
    for other in ([{"lineNumber": 1, "quantity": 2}], None):
        refused = await give_back("r-1", other)
        assert refused == {"receipt": None, "userErrors": [
            {"code": "IDEMPOTENCY_KEY_REUSED", "field": "idempotencyKey"}]}  # fmt: skip
    rest = await give_back("r-2", None)
    assert rest["receipt"]["returnedPoints"] == 10
    assert await give_back("r-2", None) == rest
