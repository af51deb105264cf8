"""Goal: a resident's read of their own balance is one statement (the session check, the
row-security switch and the read folded into ``request_own_balances``, migration 0026), answers
what the general read answers, shows no other household's account, and an ended sign-in
session is still refused (401) at the next request, whether it reads a balance or nothing.

Method: the real ASGI app over the demo with statement counting on; the demo resident's
household and another one topped up through the services; the resident's answers compared
with a township administrator's (the general path) for the same accounts.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from governance.access.demo import DEMO_HOUSEHOLD_ID
from kit.settings import Settings
from tests.api.bank.conftest import As
from tests.governance.bank.factories import top_up_to
from tests.support.auth import auth_settings, bearer, credentials

RESIDENT = "resident.demo"
ADMIN = "xinfenglu.admin"  # 新丰路街道: the demo resident's township
OTHER_HOUSEHOLD = 5  # of 花石社区, not the resident's
BALANCE = (
    "query($id: ID!) { pointsAccount(id: $id) { availablePoints pendingAwardPoints "
    "pendingDeductionPoints volunteerMinutes } }"
)
CURRENT_SESSION = "{ viewer { sessions { id current } } }"
END_SESSION = """mutation($id: ID!) {
  endSession(input: {sessionId: $id}) { session { id } userErrors { code } }
}"""


@pytest.fixture
def settings() -> Settings:
    return auth_settings(debug_sql=True)


async def _account(db: AsyncSession, household_id: int, points: int) -> str:
    holder = await top_up_to(db, household_id, points)
    await db.commit()
    return relay.to_base64("PointsAccount", holder.id)


async def _read(users: As, username: str, account_id: str) -> tuple[Any, int]:
    body = await users.client.execute(BALANCE, {"id": account_id}, await users.headers(username))
    assert "errors" not in body, body
    return body["data"]["pointsAccount"], body["extensions"]["sql"]["statements"]


async def test_own_balance_is_one_statement_and_reads_as_the_general_path(
    users: As, db: AsyncSession
) -> None:
    own = await _account(db, DEMO_HOUSEHOLD_ID, 120)
    mine, statements = await _read(users, RESIDENT, own)
    theirs, _ = await _read(users, ADMIN, own)
    assert mine == theirs
    assert mine["availablePoints"] == 120
    assert statements == 1


async def test_another_households_account_stays_hidden(users: As, db: AsyncSession) -> None:
    other = await _account(db, OTHER_HOUSEHOLD, 30)
    hidden, _ = await _read(users, RESIDENT, other)
    seen, _ = await _read(users, "huashi.admin", other)
    assert hidden is None
    assert seen is not None
    assert seen["availablePoints"] == 30


async def test_an_ended_session_is_refused_at_its_next_request(users: As, db: AsyncSession) -> None:
    own = await _account(db, DEMO_HOUSEHOLD_ID, 40)
    kept = bearer((await credentials(users.client, RESIDENT))["accessToken"])
    doomed = bearer((await credentials(users.client, RESIDENT))["accessToken"])
    sessions = (await users.client.data(CURRENT_SESSION, None, doomed))["viewer"]["sessions"]
    [doomed_id] = [row["id"] for row in sessions if row["current"]]
    ended = await users.client.data(END_SESSION, {"id": doomed_id}, kept)
    assert ended["endSession"]["userErrors"] == []

    for query, variables in ((BALANCE, {"id": own}), ("{ __typename }", None)):
        refused = await users.client.post(query, variables, **doomed)
        assert refused.status_code == 401, refused.text
        assert "data" not in refused.json()
    still = await users.client.data(BALANCE, {"id": own}, kept)
    assert still["pointsAccount"]["availablePoints"] == 40
