"""Goal: ``grassroots ledger verify`` exits 0 on a sound ledger and 1, naming the transfer, on
an edited one; ``grassroots ledger head`` seals and prints the chain head.

Method: a fresh migrated database (cloned from the template) given to the CLI through
GRASSROOTS_DATABASE_URL; transfers made through the library; the CLI run with typer's runner.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

import ledger
from api.cli.main import app
from kit.database import create_engine, create_session_factory, session_scope, with_database
from kit.settings import Settings, get_settings
from tests.ledger.factories import create_account, transfer
from tests.support import databases

TRIGGER = "transfers_append_only"


@pytest.fixture
def cli_database(
    pg_url: str, migrated_template: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    name = databases.create_database_from(pg_url, migrated_template, prefix="cli_")
    url = with_database(pg_url, name)
    monkeypatch.setenv("GRASSROOTS_DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()
    databases.drop_database(pg_url, name)


async def _populate(url: str) -> str:
    engine = create_engine(url, Settings())
    try:
        async with session_scope(create_session_factory(engine)) as session:
            pool = await create_account(session, "pool")
            wallet = await create_account(session, "wallet")
            spec = transfer(pool, wallet, 7)
            await ledger.create_transfers(session, [spec, transfer(pool, wallet, 3)])
    finally:
        await engine.dispose()
    return str(spec.id)


async def _tamper(url: str, transfer_id: str) -> None:
    engine = create_engine(url, Settings())
    try:
        async with session_scope(create_session_factory(engine)) as session:
            await session.execute(
                text("ALTER TABLE transfers DISABLE TRIGGER transfers_append_only")
            )
            await session.execute(
                text("UPDATE transfers SET amount = 70 WHERE id = CAST(:id AS uuid)"),
                {"id": transfer_id},
            )
            await session.execute(
                text("ALTER TABLE transfers ENABLE ALWAYS TRIGGER transfers_append_only")
            )
    finally:
        await engine.dispose()


def test_verify_and_head(cli_database: str) -> None:
    runner = CliRunner()
    transfer_id = asyncio.run(_populate(cli_database))
    head = runner.invoke(app, ["ledger", "head"])
    assert head.exit_code == 0, head.output
    assert head.output.split()[0] == "2"
    verified = runner.invoke(app, ["ledger", "verify"])
    assert verified.exit_code == 0, verified.output
    assert "ledger verified" in verified.output
    asyncio.run(_tamper(cli_database, transfer_id))
    broken = runner.invoke(app, ["ledger", "verify"])
    assert broken.exit_code == 1
    assert f"transfer {transfer_id}" in broken.output.replace("\n", "")
