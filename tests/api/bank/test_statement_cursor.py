"""Goal: a statement cursor the ledger never gave is a client error, never an internal one
(issue 15, F6). Method: the resident's own account read over HTTP with forged ``before``."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from tests.api.bank.conftest import As, FakeClock
from tests.governance.bank.factories import announce

STATEMENT = """query($id: ID!, $before: String) { pointsAccount(id: $id) {
  statement(first: 5, before: $before) { entries { state } nextCursor } } }"""


@pytest.mark.parametrize(
    "before", ["abc", "1.x", "1", "1.2.3", "9" * 30 + ".1", "1." + "9" * 30, "١.١", "-1.1"]
)
async def test_a_forged_statement_cursor_is_bad_user_input(
    users: As, db: AsyncSession, clock: FakeClock, before: str
) -> None:
    [entry] = await announce(db, [1], 5, clock.now())
    await db.commit()
    variables = {"id": relay.to_base64("PointsAccount", entry.holder_id), "before": before}
    response = await users.client.post(STATEMENT, variables, **await users.headers("resident.demo"))
    body = response.json()
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", body


async def test_the_ledger_own_cursor_still_pages(
    users: As, db: AsyncSession, clock: FakeClock
) -> None:
    [entry] = await announce(db, [1], 5, clock.now())
    await db.commit()
    variables = {"id": relay.to_base64("PointsAccount", entry.holder_id), "before": None}
    first = await users.data("resident.demo", STATEMENT, variables)
    assert first["pointsAccount"]["statement"]["entries"]
    cursor = "0.0"  # before everything: an empty page
    after = await users.data("resident.demo", STATEMENT, {**variables, "before": cursor})
    assert after["pointsAccount"]["statement"]["entries"] == []
