"""Goal: ``grassroots indicators snapshot`` stores this month's value of every indicator for the
county and its townships, and running it again in the same month replaces them.

Method: the hand-built county in a fresh migrated database given to the CLI through
GRASSROOTS_DATABASE_URL; the CLI run twice with typer's runner; rows counted in SQL.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from api.cli.main import app
from kit.database import create_engine, create_session_factory, session_scope, with_database
from kit.settings import Settings, get_settings
from tests.support import databases
from tests.support import indicators as fixture


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


async def _build(url: str) -> None:
    engine = create_engine(url, Settings())
    try:
        async with session_scope(create_session_factory(engine)) as session:
            await fixture.build(session)
    finally:
        await engine.dispose()


async def _periods(url: str) -> list[tuple[str, int]]:
    engine = create_engine(url, Settings())
    try:
        async with engine.connect() as connection:
            result = await connection.execute(
                text(
                    "SELECT to_char(period, 'YYYY-MM'), count(*) FROM indicator_snapshots"
                    " GROUP BY period ORDER BY period"
                )
            )
            return [(period, int(count)) for period, count in result.all()]
    finally:
        await engine.dispose()


def test_snapshot_command_stores_and_replaces(cli_database: str) -> None:
    asyncio.run(_build(cli_database))
    runner = CliRunner()
    first = runner.invoke(app, ["indicators", "snapshot", "--as-of", "2026-11-25"])
    assert first.exit_code == 0, first.output
    assert "50 indicator values stored for 2026-11" in first.output
    again = runner.invoke(app, ["indicators", "snapshot", "--as-of", "2026-11-30"])
    assert again.exit_code == 0, again.output
    earlier = runner.invoke(app, ["indicators", "snapshot", "--as-of", "2026-10-01"])
    assert earlier.exit_code == 0, earlier.output
    assert asyncio.run(_periods(cli_database)) == [("2026-10", 50), ("2026-11", 50)]
