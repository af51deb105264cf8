"""Goal: the stock view of a supermarket: each goods' stock with its low-stock threshold; a goods
reads as low exactly when it has a threshold and its stock is at or below it (the boundary
included), `stockLevels(lowStockOnly: true)` lists exactly those; the threshold is set and
cleared by the supermarket's cashier or the administrators over its region, refused to anyone
else and out of its range, and every call is audited.

Method: the real ASGI app over the demo (supermarket 1 of 花石社区, five donated goods); the
threshold set over HTTP, the stock moved by a sale, the audit log read back with SQL.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.bank.conftest import As
from tests.api.bank.test_redemption import REDEEM, _account, _market, _sale

CASHIER = "supermarket1.cashier"
SET = """mutation($input: SetGoodsLowStockThresholdInput!) {
  setGoodsLowStockThreshold(input: $input) {
    goods { id stock lowStockThreshold lowStock } userErrors { code field } } }"""
LEVELS = """{ supermarkets(regionCode: "130826001001") {
  all: stockLevels { name stock lowStockThreshold lowStock }
  low: stockLevels(lowStockOnly: true) { name stock lowStock } } }"""


async def _set(users: As, username: str, goods_id: str, threshold: int | None) -> dict[str, Any]:
    variables = {"input": {"goodsId": goods_id, "lowStockThreshold": threshold}}
    payload: dict[str, Any] = (await users.data(username, SET, variables))[
        "setGoodsLowStockThreshold"
    ]
    return payload


async def _levels(users: As) -> dict[str, list[dict[str, Any]]]:
    levels: dict[str, list[dict[str, Any]]] = (await users.data("resident.demo", LEVELS))[
        "supermarkets"
    ][0]
    return levels


async def test_low_stock_at_the_threshold_and_below(users: As, db: AsyncSession) -> None:
    market_id, goods = await _market(users)
    soap, oil = goods["香皂"], goods["食用油 5L"]
    at = await _set(users, CASHIER, soap["id"], soap["stock"])
    assert at == {"goods": {"id": soap["id"], "stock": soap["stock"],
                            "lowStockThreshold": soap["stock"], "lowStock": True},
                  "userErrors": []}  # fmt: skip
    below = await _set(users, "huashi.admin", oil["id"], oil["stock"] - 1)
    assert below["goods"]["lowStock"] is False
    levels = await _levels(users)
    assert [row["name"] for row in levels["low"]] == ["香皂"]
    assert {row["name"]: row["lowStock"] for row in levels["all"]} == {
        name: name == "香皂" for name in goods
    }
    assert all(row["lowStockThreshold"] is None for row in levels["all"]
               if row["name"] not in ("香皂", "食用油 5L"))  # fmt: skip

    # One sale takes the oil down to its threshold: now it is low too.
    account_id = await _account(db, 85)
    sale = _sale(market_id, account_id, "stock-1", (oil["id"], 1))
    assert (await users.data(CASHIER, REDEEM, sale))["redeemPoints"]["userErrors"] == []
    assert [row["name"] for row in (await _levels(users))["low"]] == ["香皂", "食用油 5L"]

    cleared = await _set(users, CASHIER, soap["id"], None)
    assert cleared["goods"]["lowStockThreshold"] is None
    assert cleared["goods"]["lowStock"] is False
    assert [row["name"] for row in (await _levels(users))["low"]] == ["食用油 5L"]


async def test_who_sets_a_threshold_and_within_what(users: As, db: AsyncSession) -> None:
    _, goods = await _market(users)
    soap = goods["香皂"]
    for username in ("dage.admin", "resident.demo", "huashi.grid1"):
        refused = await _set(users, username, soap["id"], 3)
        assert refused == {"goods": None, "userErrors": [{"code": "FORBIDDEN", "field": None}]}
    for threshold in (-1, 10_001):
        refused = await _set(users, CASHIER, soap["id"], threshold)
        assert refused["userErrors"] == [{"code": "QUANTITY_INVALID",
                                          "field": "lowStockThreshold"}]  # fmt: skip
    for threshold in (0, 10_000):
        assert (await _set(users, CASHIER, soap["id"], threshold))["userErrors"] == []
    audited = await db.execute(
        text("SELECT outcome, target_ids FROM audit_log "
             "WHERE operation = 'setGoodsLowStockThreshold' ORDER BY id")
    )  # fmt: skip
    rows = [(outcome, targets) for outcome, targets in audited]
    assert [outcome for outcome, _ in rows] == ["REJECTED"] * 5 + ["OK"] * 2
    assert all(targets == [rows[-1][1][0]] for _, targets in rows)
    assert rows[-1][1][0].startswith("Goods:")
