"""The morality-bank scenarios of ``grassroots bench api``: ``redeem`` and ``balance``.

``redeem``: each request a sale of one item under a new idempotency key (never a replay), by
the cashier of one of the prepared supermarkets, for one of its households, round robin.
``balance``: the demo resident reading their own household's points account.
"""

from __future__ import annotations

import itertools
import uuid
from typing import Any

from bench.api import Scenario
from bench.bank import CASHIER_PASSWORD, RESIDENT, BankFixture

REDEEM = (
    "mutation($input: RedeemPointsInput!) { redeemPoints(input: $input) { receipt { number "
    "totalPoints balanceAfterPoints } userErrors { code } } }"
)
BALANCE = (
    "query($id: ID!) { pointsAccount(id: $id) { availablePoints pendingAwardPoints "
    "pendingDeductionPoints volunteerMinutes } }"
)


def logins(fixture: BankFixture) -> dict[str, str]:
    cashiers = {till.username: CASHIER_PASSWORD for till in fixture.tills}
    return {**cashiers, RESIDENT[0]: RESIDENT[1]}


def _bearer(tokens: dict[str, str], username: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens[username]}"}


def redeem_scenario(fixture: BankFixture, tokens: dict[str, str]) -> Scenario:
    run = uuid.uuid4().hex[:8]
    sales = itertools.count()  # warm-up and measured requests never share a key
    tills = fixture.tills

    def request_of(number: int) -> tuple[dict[str, Any], dict[str, str]]:
        sale = next(sales)
        till = tills[sale % len(tills)]
        turn = sale // len(tills)
        body = {"query": REDEEM, "variables": {"input": {
            "supermarketId": till.supermarket_id,
            "accountId": till.account_ids[turn % len(till.account_ids)],
            "lines": [{"goodsId": till.goods_ids[turn % len(till.goods_ids)], "quantity": 1}],
            "idempotencyKey": f"bench-{run}-{sale}",
        }}}  # fmt: skip
        return body, _bearer(tokens, till.username)

    return Scenario.paired("redeem", request_of, ok=b'"userErrors":[]')


def balance_scenario(fixture: BankFixture, tokens: dict[str, str]) -> Scenario:
    body = {"query": BALANCE, "variables": {"id": fixture.resident_account_id}}
    return Scenario("balance", lambda _n: body, lambda _n: _bearer(tokens, RESIDENT[0]))
