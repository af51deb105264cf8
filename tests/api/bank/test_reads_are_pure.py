"""Goal: balance reads never write, and one broken entry fails no one else. Past the deadline an
announced award reads as posted by computation (the settler writes it later); a household
whose wallet was closed with an award on the same notice board fails neither another
household's read nor the settler, which sets that entry aside; staff of its region see it in
`bankHealth` and `grassroots ledger verify` names it. `closePointsAccount` refuses while an
entry is on a notice board, changing nothing, and closes once the announcement has settled.

Method: the real ASGI app over the demo (background tasks off, so only the test settles); two
households of 花石社区 announced by the services, the second one's wallet closed in the ledger
(an account closed before closing refused); every read path of a balance (pointsAccount,
myPointsAccounts, pointsAccounts, the till, a statement) between two fingerprints of every
table; the server's settlement task run by hand; the CLI on the same database.
"""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay
from typer.testing import CliRunner

import ledger
from api.cli.main import app
from governance.bank import service
from kit.settings import Settings, get_settings
from tests.api.bank.conftest import As, FakeClock, Settler
from tests.governance.bank.factories import announce, demo_scheme
from tests.support.auth import auth_settings
from tests.support.fingerprint import fingerprint

POINTS = 7
ACCOUNT = """query($id: ID!) { pointsAccount(id: $id) {
  availablePoints pendingAwardPoints closed statement(first: 5) { entries { state } } } }"""
ACCOUNTS = """query($household: ID!) { pointsAccounts(householdId: $household) {
  nodes { id availablePoints pendingAwardPoints } } }"""
MINE = "{ myPointsAccounts { nodes { id availablePoints pendingAwardPoints } } }"
HEALTH = "{ bankHealth { entriesSetAside { application { id status } reason } } }"
CLOSE = """mutation($input: ClosePointsAccountInput!) { closePointsAccount(input: $input) {
  account { id closed } userErrors { code field } } }"""


@pytest.fixture
def settings() -> Settings:
    return auth_settings(background_tasks=False)


async def _holder_ids(db: AsyncSession, clock: FakeClock) -> tuple[int, int, int]:
    """Household 1 (the demo resident's) and 2 announced; 2's wallet closed in the ledger."""
    sound, broken = await announce(db, [1, 2], POINTS, clock.now())
    scheme = await demo_scheme(db)
    closed = await service.open_holder(db, scheme, service.Owner(household_id=2))
    assert await ledger.close_account(db, closed.points_account_id)
    await db.commit()
    return sound.holder_id, broken.holder_id, broken.id


def _account_id(holder_id: int) -> str:
    return relay.to_base64("PointsAccount", holder_id)


async def _read_everything(users: As, sound: int, broken: int) -> dict[str, object]:
    """Every way to read a balance, by whoever may."""
    sound_id, broken_id = _account_id(sound), _account_id(broken)
    return {
        "resident": (await users.data("resident.demo", ACCOUNT, {"id": sound_id}))["pointsAccount"],
        "mine": (await users.data("resident.demo", MINE))["myPointsAccounts"]["nodes"],
        "till": (await users.data("supermarket1.cashier", ACCOUNT, {"id": sound_id}))[
            "pointsAccount"
        ],
        "closed": (await users.data("huashi.admin", ACCOUNT, {"id": broken_id}))["pointsAccount"],
        "household": (
            await users.data(
                "huashi.admin", ACCOUNTS, {"household": relay.to_base64("Household", 1)}
            )
        )["pointsAccounts"]["nodes"],
    }


async def test_reads_past_the_deadline_compute_and_write_nothing(
    users: As, clock: FakeClock, db: AsyncSession, settle: Settler, people_database_url: str
) -> None:
    sound, broken, broken_entry = await _holder_ids(db, clock)
    before_deadline = await _read_everything(users, sound, broken)
    resident = before_deadline["resident"]
    assert isinstance(resident, dict)
    assert resident["pendingAwardPoints"] >= POINTS
    clock.advance(dt.timedelta(days=8))

    tables = await fingerprint(people_database_url, with_chain=True)
    read = await _read_everything(users, sound, broken)
    assert await fingerprint(people_database_url, with_chain=True) == tables, "a read wrote"

    after = read["resident"]
    assert isinstance(after, dict)
    assert after["availablePoints"] == resident["availablePoints"] + POINTS
    assert after["pendingAwardPoints"] == resident["pendingAwardPoints"] - POINTS
    assert after["statement"]["entries"][0]["state"] == "PENDING", "the ledger's history waits"
    assert read["till"] == after
    closed = read["closed"]
    assert isinstance(closed, dict)
    assert (closed["closed"], closed["pendingAwardPoints"]) == (True, POINTS), "stays pending"

    await settle()
    await settle()  # the set-aside entry fails no later run either
    settled = await users.data("resident.demo", ACCOUNT, {"id": _account_id(sound)})
    assert settled["pointsAccount"]["statement"]["entries"][0]["state"] == "POSTED"
    assert {k: v for k, v in settled["pointsAccount"].items() if k != "statement"} == {
        k: v for k, v in after.items() if k != "statement"
    }
    health = (await users.data("huashi.admin", HEALTH))["bankHealth"]
    assert health == {"entriesSetAside": [{
        "application": {"id": relay.to_base64("PointsApplication", broken_entry),
                        "status": "ANNOUNCED"},
        "reason": "CREDIT_ACCOUNT_CLOSED",
    }]}  # fmt: skip
    assert (await users.data("dage.admin", HEALTH))["bankHealth"] == {"entriesSetAside": []}
    assert (await users.data("resident.demo", HEALTH))["bankHealth"] is None
    output = await _verify_with_cli(people_database_url)
    assert f"set aside: application {broken_entry} in 130826001001" in output
    assert "CREDIT_ACCOUNT_CLOSED" in output


async def _verify_with_cli(database_url: str) -> str:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GRASSROOTS_DATABASE_URL", database_url)
        get_settings.cache_clear()
        try:
            result = await asyncio.to_thread(CliRunner().invoke, app, ["ledger", "verify"])
        finally:
            get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


async def test_closing_refuses_while_an_entry_is_announced(
    users: As, clock: FakeClock, db: AsyncSession, settle: Settler, people_database_url: str
) -> None:
    [entry] = await announce(db, [1], POINTS, clock.now())
    await db.commit()
    close = {"input": {"accountId": _account_id(entry.holder_id)}}
    await users.headers("huashi.admin")

    tables = await fingerprint(people_database_url, with_chain=True)
    refused = (await users.data("huashi.admin", CLOSE, close))["closePointsAccount"]
    assert refused == {
        "account": None,
        "userErrors": [{"code": "ACCOUNT_HAS_PENDING_ENTRIES", "field": "accountId"}],
    }
    assert await fingerprint(people_database_url, with_chain=True) == tables, "a refusal wrote"

    clock.advance(dt.timedelta(days=8))
    await settle()
    closed = (await users.data("huashi.admin", CLOSE, close))["closePointsAccount"]
    assert closed["userErrors"] == []
    assert closed["account"]["closed"] is True
    account = await users.data("resident.demo", ACCOUNT, {"id": _account_id(entry.holder_id)})
    assert account["pointsAccount"]["pendingAwardPoints"] == 0
