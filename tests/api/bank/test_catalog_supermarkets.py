"""Goal: supermarkets and goods kept current over GraphQL. A closed supermarket refuses sales
and stock-ins (SUPERMARKET_CLOSED) yet takes returns, and reopening keeps the closing in its
history; retired goods are neither sold nor restocked (GOODS_RETIRED) while their receipts and
returns stay; stale and out-of-scope edits are refused. Write-offs and stocktakes move stock
in the ledger (never a deletion), within the shelf, and `grassroots ledger verify` stays clean.

Method: the real ASGI app over the demo: supermarket 1 of 花石社区 with its cashier, managed
by xinfenglu.admin (its township's admin), dage.admin as the out-of-scope caller; a household
topped up through the services; the ledger's accounts read back over SQL; the CLI's verify run
on the same database.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from tests.api.bank.conftest import As
from tests.api.bank.test_end_to_end import RETURN, _verify_with_cli
from tests.api.bank.test_redemption import REDEEM, _account, _market, _sale

ADMIN = "xinfenglu.admin"
CASHIER = "supermarket1.cashier"
CHANGE = """mutation($input: ChangeSupermarketInput!) { changeSupermarket(input: $input) {
  supermarket { version name open endedOn } userErrors { code } } }"""
CLOSE = """mutation($input: CloseSupermarketInput!) { closeSupermarket(input: $input) {
  supermarket { version open endedOn } userErrors { code } } }"""
REOPEN = """mutation($input: ReopenSupermarketInput!) { reopenSupermarket(input: $input) {
  supermarket { version open endedOn } userErrors { code } } }"""
MARKET_HISTORY = """query($id: ID!) { node(id: $id) { ... on Supermarket { version
  history { version action changedBy reason changes { field from to } } } } }"""
RECEIVE = """mutation($input: ReceiveStockInput!) { receiveStock(input: $input) {
  goods { stock } userErrors { code } } }"""
CHANGE_GOODS = """mutation($input: ChangeGoodsInput!) { changeGoods(input: $input) {
  goods { version name unitLabel } userErrors { code } } }"""
RETIRE_GOODS = """mutation($input: RetireGoodsInput!) { retireGoods(input: $input) {
  goods { version active endedOn history { action } } userErrors { code } } }"""
WRITE_OFF = """mutation($input: WriteOffStockInput!) { writeOffStock(input: $input) {
  adjustment { kind reason quantity shelfBefore countedQuantity note }
  goods { stock } userErrors { code field } } }"""
COUNT = """mutation($input: CountStockInput!) { countStock(input: $input) {
  adjustment { kind reason quantity shelfBefore countedQuantity }
  goods { stock stockAdjustments { kind quantity } } userErrors { code field } } }"""
ACCOUNTS = """SELECT a.code, a.credits_posted - a.debits_posted AS credit_balance
FROM accounts AS a WHERE a.code LIKE :prefix ORDER BY a.code"""


def _codes(payload: dict[str, Any]) -> list[str]:
    return [error["code"] for error in payload["userErrors"]]


def _delivery(goods_id: str) -> dict[str, Any]:
    return {"input": {"goodsId": goods_id, "quantity": 3, "source": "PURCHASE",
                      "receivedOn": "2026-11-25"}}  # fmt: skip


async def test_a_closed_supermarket_refuses_sales_and_stock_ins(
    users: As, db: AsyncSession
) -> None:
    account_id = await _account(db, 100)
    market_id, goods = await _market(users)
    soap = goods["香皂"]
    sold = await users.data(
        CASHIER, REDEEM, _sale(market_id, account_id, "before", (soap["id"], 1))
    )
    receipt_id = sold["redeemPoints"]["receipt"]["id"]
    renamed = {"supermarketId": market_id, "expectedVersion": 1, "name": "花石社区爱心超市（新）"}
    outside = await users.data("dage.admin", CHANGE, {"input": renamed})
    assert _codes(outside["changeSupermarket"]) == ["SUPERMARKET_NOT_FOUND"]
    assert (await users.data(ADMIN, CHANGE, {"input": renamed}))["changeSupermarket"][
        "supermarket"
    ]["version"] == 2
    closing = {"supermarketId": market_id, "expectedVersion": 1, "reason": "装修"}
    stale = await users.data(ADMIN, CLOSE, {"input": closing})
    assert _codes(stale["closeSupermarket"]) == ["STALE_VERSION"]
    closed = await users.data(ADMIN, CLOSE, {"input": closing | {"expectedVersion": 2}})
    assert closed["closeSupermarket"]["supermarket"]["open"] is False
    assert closed["closeSupermarket"]["supermarket"]["endedOn"] is not None

    refused = await users.data(
        CASHIER, REDEEM, _sale(market_id, account_id, "closed", (soap["id"], 1))
    )
    assert _codes(refused["redeemPoints"]) == ["SUPERMARKET_CLOSED"]
    refused = await users.data(ADMIN, RECEIVE, _delivery(soap["id"]))
    assert _codes(refused["receiveStock"]) == ["SUPERMARKET_CLOSED"]
    # A household still gets its points back for goods bought before the closing.
    returned = await users.data(
        CASHIER, RETURN, {"input": {"receiptId": receipt_id, "idempotencyKey": "closed-return"}}
    )
    assert returned["returnGoods"]["userErrors"] == []

    reopening = {"supermarketId": market_id, "expectedVersion": 3, "reason": "装修完毕"}
    reopened = await users.data(ADMIN, REOPEN, {"input": reopening})
    assert reopened["reopenSupermarket"]["supermarket"] == {
        "version": 4, "open": True, "endedOn": None,
    }  # fmt: skip
    again = await users.data(ADMIN, REOPEN, {"input": reopening | {"expectedVersion": 4}})
    assert _codes(again["reopenSupermarket"]) == ["SUPERMARKET_OPEN"]
    sold = await users.data(CASHIER, REDEEM, _sale(market_id, account_id, "after", (soap["id"], 1)))
    assert sold["redeemPoints"]["userErrors"] == []
    history = (await users.data(ADMIN, MARKET_HISTORY, {"id": market_id}))["node"]["history"]
    assert [(h["action"], h["reason"]) for h in history] == [
        ("CREATED", None), ("CHANGED", None), ("ENDED", "装修"), ("REOPENED", "装修完毕"),
    ]  # fmt: skip
    assert history[2]["changes"][0] == {"field": "open", "from": "true", "to": "false"}


async def test_retired_goods_are_neither_sold_nor_restocked(users: As, db: AsyncSession) -> None:
    account_id = await _account(db, 100)
    market_id, goods = await _market(users)
    soap = goods["香皂"]
    sold = await users.data(CASHIER, REDEEM, _sale(market_id, account_id, "soap", (soap["id"], 2)))
    receipt_id = sold["redeemPoints"]["receipt"]["id"]
    change = {"goodsId": soap["id"], "expectedVersion": 1, "name": "香皂（大）", "unitLabel": "块"}
    outside = await users.data("dage.admin", CHANGE_GOODS, {"input": change})
    assert _codes(outside["changeGoods"]) == ["GOODS_NOT_FOUND"]
    taken = await users.data(ADMIN, CHANGE_GOODS, {"input": change | {"name": "大米 10斤"}})
    assert _codes(taken["changeGoods"]) == ["GOODS_EXISTS"]
    # Soap was stocked: its stock and receipts count in 块.
    unit = await users.data(ADMIN, CHANGE_GOODS, {"input": change | {"unitLabel": "盒"}})
    assert _codes(unit["changeGoods"]) == ["UNIT_IN_USE"]
    changed = await users.data(ADMIN, CHANGE_GOODS, {"input": change})
    assert changed["changeGoods"]["goods"] == {
        "version": 2,
        "name": "香皂（大）",
        "unitLabel": "块",
    }

    retire = {"goodsId": soap["id"], "expectedVersion": 2, "reason": "供货中断"}
    retired = (await users.data(ADMIN, RETIRE_GOODS, {"input": retire}))["retireGoods"]["goods"]
    assert (retired["active"], retired["version"]) == (False, 3)
    assert [h["action"] for h in retired["history"]] == ["CREATED", "CHANGED", "ENDED"]
    refused = await users.data(
        CASHIER, REDEEM, _sale(market_id, account_id, "late", (soap["id"], 1))
    )
    assert _codes(refused["redeemPoints"]) == ["GOODS_RETIRED"]
    refused = await users.data(CASHIER, RECEIVE, _delivery(soap["id"]))
    assert _codes(refused["receiveStock"]) == ["GOODS_RETIRED"]
    returned = await users.data(
        CASHIER, RETURN, {"input": {"receiptId": receipt_id, "idempotencyKey": "retired-return"}}
    )
    lines = returned["returnGoods"]["receipt"]["lines"]
    assert lines == [{"lineNumber": 1, "returnedQuantity": 2}]


async def test_write_offs_and_stocktakes_move_stock_in_the_ledger(
    users: As, db: AsyncSession, people_database_url: str
) -> None:
    _, goods = await _market(users)
    rice = goods["大米 10斤"]
    shelf = rice["stock"]
    assert shelf > 3, "the demo stocks its supermarkets"
    too_many = {"goodsId": rice["id"], "quantity": shelf + 1, "reason": "DAMAGED"}
    refused = await users.data(CASHIER, WRITE_OFF, {"input": too_many})
    assert refused["writeOffStock"]["userErrors"] == [
        {"code": "INSUFFICIENT_STOCK", "field": "quantity"}
    ]
    other = {"goodsId": rice["id"], "quantity": 1, "reason": "OTHER"}
    refused = await users.data(CASHIER, WRITE_OFF, {"input": other})
    assert refused["writeOffStock"]["userErrors"] == [{"code": "REASON_REQUIRED", "field": "note"}]
    outside = await users.data("dage.admin", WRITE_OFF, {"input": other | {"note": "鼠咬"}})
    assert _codes(outside["writeOffStock"]) == ["FORBIDDEN"]

    written = await users.data(CASHIER, WRITE_OFF, {"input": other | {"note": "鼠咬"}})
    assert written["writeOffStock"]["adjustment"] == {
        "kind": "WRITE_OFF", "reason": "OTHER", "quantity": -1, "shelfBefore": shelf,
        "countedQuantity": None, "note": "鼠咬",
    }  # fmt: skip
    assert written["writeOffStock"]["goods"]["stock"] == shelf - 1
    short = await users.data(
        ADMIN, COUNT, {"input": {"goodsId": rice["id"], "countedQuantity": shelf - 3}}
    )
    assert short["countStock"]["adjustment"]["quantity"] == -2
    over = await users.data(
        ADMIN, COUNT, {"input": {"goodsId": rice["id"], "countedQuantity": shelf}}
    )
    counted = over["countStock"]
    assert counted["adjustment"] == {
        "kind": "STOCKTAKE", "reason": "COUNT_DIFFERENCE", "quantity": 3,
        "shelfBefore": shelf - 3, "countedQuantity": shelf,
    }  # fmt: skip
    matched = await users.data(
        ADMIN, COUNT, {"input": {"goodsId": rice["id"], "countedQuantity": shelf}}
    )
    assert matched["countStock"]["adjustment"]["quantity"] == 0
    assert matched["countStock"]["goods"]["stock"] == shelf
    assert [a["quantity"] for a in matched["countStock"]["goods"]["stockAdjustments"]] == [
        0, 3, -2, -1,
    ]  # fmt: skip

    prefix = f"goods:{relay.GlobalID.from_id(rice['id']).node_id}:"
    found = await db.execute(text(ACCOUNTS), {"prefix": prefix + "%"})
    balances = {code.removeprefix(prefix): balance for code, balance in found.all()}
    await db.commit()
    # 1 + 2 written off, then 3 found: the adjusted account is back at 0, the shelf whole, and
    # received = shelf + issued + adjusted (credit balances; received's is its debit).
    assert balances["adjusted"] == 0
    assert balances["shelf"] == shelf
    assert -balances["received"] == balances["shelf"] + balances["issued"] + balances["adjusted"]
    await _verify_with_cli(people_database_url)
