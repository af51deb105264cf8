"""Goal: the cashier's and the household's hot paths cost a fixed, small number of SQL
statements, counted on both paths to PostgreSQL (SQLAlchemy and the asyncpg driver): a sale
costs the same whether it has one line or five (no statement per line), a balance read is two
statements, and a replayed sale is cheaper than the sale it replays.

Method: the real ASGI app with statement counting on (``debug_sql``); sales over HTTP as
`supermarket1.cashier` for a household topped up through the services; the count read from the
response's ``extensions.sql``.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from kit.settings import Settings
from tests.api.bank.conftest import As
from tests.api.bank.test_redemption import BALANCE, REDEEM, _account, _market, _sale
from tests.support.auth import auth_settings

# The request role's switch with the session check, the sale's context, the ledger's
# lock-check-write with the receipt (one statement), the audit row. BEGIN and COMMIT are not
# counted.
SALE_STATEMENTS = 4
# The switch with the session check, the balances.
BALANCE_STATEMENTS = 2


@pytest.fixture
def settings() -> Settings:
    return auth_settings(debug_sql=True)


async def _statements(users: As, username: str, query: str, variables: dict[str, Any]) -> int:
    body = await users.client.execute(query, variables, await users.headers(username))
    statements: int = body["extensions"]["sql"]["statements"]
    return statements


async def test_a_sale_costs_the_same_for_one_line_or_five(users: As, db: AsyncSession) -> None:
    account_id = await _account(db, 10_000)
    market_id, goods = await _market(users)
    lines = [(item["id"], 1) for item in goods.values()][:5]
    assert len(lines) == 5

    one = await _statements(users, "supermarket1.cashier", REDEEM,
                            _sale(market_id, account_id, "count-1", lines[0]))  # fmt: skip
    five = await _statements(users, "supermarket1.cashier", REDEEM,
                             _sale(market_id, account_id, "count-5", *lines))  # fmt: skip
    replay = await _statements(users, "supermarket1.cashier", REDEEM,
                               _sale(market_id, account_id, "count-5", *lines))  # fmt: skip

    assert one == five == SALE_STATEMENTS
    assert replay < five


async def test_a_balance_read_is_two_statements(users: As, db: AsyncSession) -> None:
    account_id = await _account(db, 100)
    statements = await _statements(users, "huashi.admin", BALANCE, {"id": account_id})
    assert statements == BALANCE_STATEMENTS
