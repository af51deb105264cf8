"""Goal: `grassroots backup` then `grassroots restore` into a fresh database gives a ledger that
verifies, with the same balances and transfers; restore refuses a database that holds tables
unless told `--replace`.

Method: the CLI as subprocesses (pg_dump and pg_restore are real programs), pointed by
environment at a database holding the whole demo (its bank: awards, announcements, sales) and
then at a new empty database; the ledger verified in-process and both databases compared with SQL.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

import ledger
from kit.database import (
    create_engine,
    create_session_factory,
    session_scope,
    to_libpq_url,
    with_database,
)
from kit.settings import Settings
from tests.support import databases

GRASSROOTS = str(Path(sys.executable).with_name("grassroots"))
BALANCES = """SELECT code, unit, debits_pending, debits_posted, credits_pending, credits_posted
    FROM accounts ORDER BY code"""


def grassroots(url: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "GRASSROOTS_DATABASE_URL": url}
    return subprocess.run(
        [GRASSROOTS, *arguments], env=environment, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip


@pytest.fixture
async def empty_database_url(pg_url: str) -> AsyncIterator[str]:
    name = "restore_test_target"
    await databases.execute_admin(pg_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await databases.execute_admin(pg_url, f'CREATE DATABASE "{name}"')
    yield with_database(pg_url, name)
    await databases.drop_database_async(pg_url, name)


async def _rows(url: str, query: str) -> list[tuple[object, ...]]:
    connection = await asyncpg.connect(to_libpq_url(url))
    try:
        return [tuple(row) for row in await connection.fetch(query)]
    finally:
        await connection.close()


async def _verify(url: str) -> ledger.VerifyReport:
    engine = create_engine(url, Settings())
    try:
        async with session_scope(create_session_factory(engine)) as session:
            await _seal(session)
        async with session_scope(create_session_factory(engine)) as session:
            return await ledger.verify(session)
    finally:
        await engine.dispose()


async def _seal(session: AsyncSession) -> None:
    while (await ledger.seal(session)).linked:
        pass


async def test_restore_into_a_fresh_database_verifies_with_the_same_balances(
    people_database_url: str, empty_database_url: str, tmp_path: Path
) -> None:
    archive = tmp_path / "grassroots.dump"
    await _verify(people_database_url)  # sealed before the dump: both sides compare sealed chains
    dumped = grassroots(people_database_url, "backup", str(archive))
    assert dumped.returncode == 0, dumped.stdout + dumped.stderr
    assert "backed up" in dumped.stdout
    restored = grassroots(empty_database_url, "restore", str(archive))
    assert restored.returncode == 0, restored.stdout + restored.stderr
    report = await _verify(empty_database_url)
    assert report.ok, report.violations
    assert report.transfers_checked > 0
    source = await _rows(people_database_url, BALANCES)
    assert await _rows(empty_database_url, BALANCES) == source
    transfers = "SELECT id, amount, digest FROM transfers ORDER BY position"
    assert await _rows(empty_database_url, transfers) == await _rows(people_database_url, transfers)


async def test_restore_refuses_a_database_holding_tables(
    people_database_url: str, database_url: str, tmp_path: Path
) -> None:
    archive = tmp_path / "grassroots.dump"
    assert grassroots(people_database_url, "backup", str(archive)).returncode == 0
    refused = grassroots(database_url, "restore", str(archive))
    assert refused.returncode == 1
    assert "--replace" in refused.stdout
    replaced = grassroots(database_url, "restore", str(archive), "--replace")
    assert replaced.returncode == 0, replaced.stdout + replaced.stderr
    assert (await _verify(database_url)).ok
    households = "SELECT count(*) FROM households"
    assert await _rows(database_url, households) == await _rows(people_database_url, households)
