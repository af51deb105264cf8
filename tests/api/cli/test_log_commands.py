"""Goal: ``grassroots logs prune --before DATE`` deletes log rows older than DATE only when DATE
lies beyond the retention period (GRASSROOTS_LOG_RETENTION_DAYS, at least 180), else exits 1
and deletes nothing.

Method: a fresh migrated database given to the CLI through GRASSROOTS_DATABASE_URL, one old
audit row inserted, the command run with typer's runner, the table counted after.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterator

import pytest
from pydantic import ValidationError
from sqlalchemy import text
from typer.testing import CliRunner

from api.cli.main import app
from kit.clock import SystemClock, local_day
from kit.database import create_engine, create_session_factory, session_scope, with_database
from kit.settings import Settings, get_settings
from tests.support import databases


@pytest.fixture
def cli_database(
    pg_url: str, migrated_template: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    name = databases.create_database_from(pg_url, migrated_template, prefix="cli_")
    url = with_database(pg_url, name)
    monkeypatch.setenv("GRASSROOTS_DATABASE_URL", url)
    get_settings.cache_clear()
    asyncio.run(
        _sql(
            url,
            "INSERT INTO audit_log (occurred_at, operation, outcome, request_id) "
            "VALUES ('2020-01-01', 'test', 'OK', 'r') RETURNING 1",
        )
    )
    yield url
    get_settings.cache_clear()
    databases.drop_database(pg_url, name)


async def _sql(url: str, statement: str) -> int:
    engine = create_engine(url, Settings())
    try:
        async with session_scope(create_session_factory(engine)) as session:
            return int((await session.execute(text(statement))).scalar() or 0)
    finally:
        await engine.dispose()


def _audit_rows(url: str) -> int:
    return asyncio.run(_sql(url, "SELECT count(*) FROM audit_log"))


def _days_ago(days: int) -> str:
    """``days`` before the county's today, as the CLI reckons it (the system's clock)."""
    return (local_day(SystemClock().now()) - dt.timedelta(days=days)).isoformat()


def test_prune_deletes_rows_older_than_retention(cli_database: str) -> None:
    result = CliRunner().invoke(app, ["logs", "prune", "--before", _days_ago(181)])
    assert result.exit_code == 0, result.output
    assert "audit_log: 1 rows deleted" in result.output
    assert _audit_rows(cli_database) == 0


def test_prune_refuses_dates_within_retention(cli_database: str) -> None:
    result = CliRunner().invoke(app, ["logs", "prune", "--before", _days_ago(100)])
    assert result.exit_code == 1
    assert "refused" in result.output
    assert _audit_rows(cli_database) == 1


def test_longer_retention_from_the_environment(
    cli_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GRASSROOTS_LOG_RETENTION_DAYS", "400")
    get_settings.cache_clear()
    result = CliRunner().invoke(app, ["logs", "prune", "--before", _days_ago(300)])
    assert result.exit_code == 1
    assert _audit_rows(cli_database) == 1


def test_retention_below_six_months_is_rejected() -> None:
    with pytest.raises(ValidationError):
        Settings(log_retention_days=179)
