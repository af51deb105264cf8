"""Goal: `grassroots create-user` creates a user who can then sign in, refuses duplicates and
grants whose scope does not fit the role.

Method: the typer app through its test runner, pointed at a fresh database by environment; the
command runs in a worker thread because it drives its own event loop.
"""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from api.cli.main import app
from kit.database import create_engine
from kit.settings import get_settings
from tests.support.auth import FAST_HASHING, auth_settings, login
from tests.support.graphql import graphql_client


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, demo_database_url: str) -> None:
    monkeypatch.setenv("GRASSROOTS_DATABASE_URL", demo_database_url)
    for name, value in FAST_HASHING.items():
        monkeypatch.setenv(f"GRASSROOTS_{name.upper()}", str(value))
    get_settings.cache_clear()


def run(*arguments: str, password: str = "first-admin-pass") -> tuple[int, str]:
    result = CliRunner().invoke(
        app, ["create-user", *arguments], env={"GRASSROOTS_NEW_USER_PASSWORD": password}
    )
    return result.exit_code, result.output


@pytest.mark.usefixtures("environment")
async def test_created_user_signs_in(demo_database_url: str) -> None:
    try:
        code, output = await asyncio.to_thread(
            run, "First.Admin", "--role", "COUNTY_ADMIN", "--region", "130826"
        )
        assert code == 0, output
        code, output = await asyncio.to_thread(
            run, "first.admin", "--role", "COUNTY_ADMIN", "--region", "130826"
        )
        assert code != 0
        assert "exists" in output
        code, output = await asyncio.to_thread(run, "cashier", "--role", "SUPERMARKET_CASHIER")
        assert code != 0
        code, output = await asyncio.to_thread(
            run, "township", "--role", "TOWNSHIP_ADMIN", "--region", "130826"
        )
        assert code != 0
        assert "level" in output
        code, output = await asyncio.to_thread(
            run, "short", "--role", "COUNTY_ADMIN", "--region", "130826", password="short"
        )
        assert code != 0
    finally:
        get_settings.cache_clear()
    async with graphql_client(auth_settings(), demo_database_url) as client:
        payload = await login(client, "first.admin", "first-admin-pass")
    assert payload["userErrors"] == []
    assert payload["credentials"]["viewer"]["grants"] == [
        {"role": "COUNTY_ADMIN", "regionCode": "130826"}
    ]


async def test_staff_account_linked_to_its_person(
    monkeypatch: pytest.MonkeyPatch, people_database_url: str
) -> None:
    """``--person`` links a staff account to the person its holder is (what the conflict-of-
    interest rule reads, ``tests/api/bank/test_objection_board``); an unknown person, or a
    resident's person other than their scope, is refused and creates nothing."""
    monkeypatch.setenv("GRASSROOTS_DATABASE_URL", people_database_url)
    for name, value in FAST_HASHING.items():
        monkeypatch.setenv(f"GRASSROOTS_{name.upper()}", str(value))
    get_settings.cache_clear()
    engine = create_engine(people_database_url, auth_settings())
    try:
        async with engine.connect() as connection:
            first, second = (
                await connection.execute(text("SELECT id FROM persons ORDER BY id LIMIT 2"))
            ).scalars()
        staff = ("--role", "VILLAGE_ADMIN", "--region", "130826001001")
        code, output = await asyncio.to_thread(run, "staff.member", *staff, "--person", str(first))
        assert code == 0, output
        code, output = await asyncio.to_thread(run, "nobody", *staff, "--person", "999999999")
        assert code != 0
        assert "no person" in output
        resident = ("--role", "RESIDENT", "--scope", str(first), "--person", str(second))
        code, output = await asyncio.to_thread(run, "mismatched", *resident)
        assert code != 0
        async with engine.connect() as connection:
            rows = await connection.execute(text("SELECT username, person_id FROM users"))
            linked: dict[str, int | None] = dict(rows.all())
    finally:
        get_settings.cache_clear()
        await engine.dispose()
    assert linked.get("staff.member") == first
    assert "nobody" not in linked
    assert "mismatched" not in linked
