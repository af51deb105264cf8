"""Goal: no N+1 at the till: a search costs the same number of SQL statements whether it finds
one household or three (members, accounts, receipts and their lines are each read once for all
households), an account's receipts the same for one receipt or three, and so does the stock view for all goods (their stock one statement for all).

Method: the real ASGI app with statement counting on (``debug_sql``); three households of 花石社区
imported through ``import_roster`` whose heads' ID numbers end alike, given points through the
services and a sale each over HTTP; the count read from the response's ``extensions.sql``.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from kit.settings import Settings
from tests.api.bank.conftest import As
from tests.api.bank.test_redemption import REDEEM, _market, _sale
from tests.api.bank.test_till import CASHIER, TILL, _import_alike, _till
from tests.governance.bank.factories import top_up_to
from tests.support.auth import auth_settings

# The switch with the session check, the supermarket, the households, their members, their
# accounts, their receipts and those receipts' lines, the balances, the villages, and the one
# INSERT of the search's access-log rows.
SEARCH_STATEMENTS = 10


@pytest.fixture
def settings() -> Settings:
    return auth_settings(debug_sql=True)


async def _statements(users: As, search: dict[str, str]) -> tuple[int, int]:
    variables = {"market": relay.to_base64("Supermarket", 1), "search": search,
                 "purpose": "POVERTY_RELIEF"}  # fmt: skip
    body = await users.client.execute(TILL, variables, await users.headers(CASHIER))
    return len(body["data"]["tillHouseholds"]), body["extensions"]["sql"]["statements"]


async def test_a_search_costs_the_same_for_one_household_or_three(
    users: As, db: AsyncSession
) -> None:
    suffix = (await _import_alike(db, count=3))[0]
    numbers = [f"TILL-7-{index}" for index in range(3)]
    ids = [
        await db.scalar(text("SELECT id FROM households WHERE number = :n"), {"n": number})
        for number in numbers
    ]
    for household_id in ids:
        await top_up_to(db, household_id, 20)
    await db.commit()
    market_id, goods = await _market(users)
    for index in range(len(ids)):
        [found] = await _till(users, {"householdNumber": numbers[index]})
        sale = _sale(market_id, found["accounts"][0]["id"], f"n1-{index}", (goods["香皂"]["id"], 1))
        assert (await users.data(CASHIER, REDEEM, sale))["redeemPoints"]["userErrors"] == []

    one = await _statements(users, {"householdNumber": numbers[0]})
    three = await _statements(users, {"idCardLast4": suffix})
    assert one[0] == 1
    assert three[0] >= 3
    assert one[1] == three[1] == SEARCH_STATEMENTS, (one, three)

    # An account's receipts: their lines read at once, however many receipts.
    [first] = await _till(users, {"householdNumber": numbers[0]})
    for key in ("n3-a", "n3-b"):
        sale = _sale(market_id, first["accounts"][0]["id"], key, (goods["香皂"]["id"], 1))
        assert (await users.data(CASHIER, REDEEM, sale))["redeemPoints"]["userErrors"] == []
    counts = []
    for number in numbers[:2]:
        [found] = await _till(users, {"householdNumber": number})
        body = await users.client.execute(
            RECEIPTS, {"id": found["accounts"][0]["id"]}, await users.headers(CASHIER)
        )
        receipts = body["data"]["pointsAccount"]["receipts"]
        counts.append((len(receipts), body["extensions"]["sql"]["statements"]))
    assert [receipts for receipts, _ in counts] == [3, 1]
    assert counts[0][1] == counts[1][1], counts


RECEIPTS = """query($id: ID!) { pointsAccount(id: $id) {
  receipts { number lines { goodsName quantity } } } }"""


STOCK = """{ supermarkets(regionCode: "130826001001") {
  stockLevels { id stock lowStockThreshold lowStock }
  lowOnly: stockLevels(lowStockOnly: true) { id stock lowStock }
  goods { id stock lowStock } } }"""
ADD_GOODS = """mutation($input: AddGoodsInput!) { addGoods(input: $input) {
  goods { id } userErrors { code } } }"""
# The request role's switch with the session check, the supermarkets, the two stock views, the
# stock of the `goods` list (one statement for all of them).
STOCK_STATEMENTS = 5


async def _stock(users: As) -> tuple[dict[str, Any], int]:
    body = await users.client.execute(STOCK, None, await users.headers(CASHIER))
    market: dict[str, Any] = body["data"]["supermarkets"][0]
    return market, body["extensions"]["sql"]["statements"]


async def test_the_stock_views_cost_the_same_for_five_goods_or_six(users: As) -> None:
    five, statements_five = await _stock(users)
    market_id = (await _market(users))[0]
    towel = {"supermarketId": market_id, "name": "牙刷", "unitLabel": "支", "pricePoints": 3}
    added = (await users.data("huashi.admin", ADD_GOODS, {"input": towel}))["addGoods"]
    assert added["userErrors"] == []
    six, statements_six = await _stock(users)
    assert (len(five["stockLevels"]), len(six["stockLevels"])) == (5, 6)
    assert len(six["goods"]) == 6
    assert six["lowOnly"] == []
    assert statements_five == statements_six == STOCK_STATEMENTS
