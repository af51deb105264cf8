"""Goal: the data version (``governance.data_versions``) moves exactly when a transaction that
wrote a public table commits: every table of the database is classified public or private, every
public table carries the bump trigger and no private one does; a committed public write moves
the version once, a rolled-back one or a private write not at all; two writers of public data
never wait for each other; compaction folds rows without moving the version.

Method: the migrated database, read through its catalogs, and written on several connections
at once with plain SQL (the trigger is the unit under test, whoever writes).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable

import asyncpg
import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession

from governance import data_versions
from governance.data_versions import PRIVATE_TABLES, PUBLIC_TABLES, VERSION_SQL

TABLES_SQL = """SELECT table_name FROM information_schema.tables
WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"""
BUMP_TRIGGERS_SQL = """SELECT c.relname, t.tgenabled::text AS tgenabled FROM pg_trigger AS t
JOIN pg_class AS c ON c.oid = t.tgrelid JOIN pg_proc AS p ON p.oid = t.tgfoid
WHERE p.proname = 'bump_data_version' AND NOT t.tgisinternal"""
PUBLIC_WRITE = "UPDATE regions SET name = name WHERE code = '130826'"
OTHER_PUBLIC_WRITE = "UPDATE regions SET name = name WHERE code = '130826001'"


def _dsn(database_url: str) -> str:
    return make_url(database_url).set(drivername="postgresql").render_as_string(False)


Connect = Callable[[], Awaitable[asyncpg.Connection]]


@pytest.fixture
async def connect(database_url: str) -> AsyncIterator[Connect]:
    opened: list[asyncpg.Connection] = []

    async def open_one() -> asyncpg.Connection:
        connection = await asyncpg.connect(_dsn(database_url))
        opened.append(connection)
        return connection

    yield open_one
    for connection in opened:
        await connection.close()


async def _version(connection: asyncpg.Connection) -> str:
    return str(await connection.fetchval(VERSION_SQL))


def _sum(version: str) -> int:
    return int(version.split("@", maxsplit=1)[0])


async def test_every_table_is_classified_and_public_ones_bump(connect: Connect) -> None:
    """A new table fails here until it is put in one list (and, if public, given the trigger
    in its migration)."""
    connection = await connect()
    tables = {row["table_name"] for row in await connection.fetch(TABLES_SQL)}
    assert not PUBLIC_TABLES & PRIVATE_TABLES
    assert tables - PUBLIC_TABLES - PRIVATE_TABLES == set(), "classify the new tables"
    assert (PUBLIC_TABLES | PRIVATE_TABLES) - tables == set(), "a listed table is gone"
    triggers = {
        row["relname"]: row["tgenabled"] for row in await connection.fetch(BUMP_TRIGGERS_SQL)
    }
    assert set(triggers) == PUBLIC_TABLES
    assert set(triggers.values()) == {"A"}  # ALWAYS: replica-mode loads bump too


async def test_commits_of_public_writes_move_the_version_once(connect: Connect) -> None:
    connection = await connect()
    start = await _version(connection)
    async with connection.transaction():
        await connection.execute(PUBLIC_WRITE)
        await connection.execute(OTHER_PUBLIC_WRITE)
        assert await _version(await connect()) == start  # not committed: not seen
    after_one = await _version(connection)
    assert _sum(after_one) == _sum(start) + 1  # once per transaction, not per statement

    transaction = connection.transaction()
    await transaction.start()
    await connection.execute(PUBLIC_WRITE)
    await transaction.rollback()
    assert await _version(connection) == after_one

    # Private tables: the rate limit's windows, the audit of sign-ins' users.
    await connection.execute(
        "INSERT INTO rate_limit_windows (key, window_start, drawn) VALUES ('address:x', 0, 1)"
    )
    await connection.execute("UPDATE users SET failed_sign_in_count = failed_sign_in_count")
    assert await _version(connection) == after_one

    await connection.execute(PUBLIC_WRITE)  # autocommit: a transaction of its own
    assert _sum(await _version(connection)) == _sum(start) + 2


async def test_writers_of_public_data_never_wait_for_each_other(connect: Connect) -> None:
    """One writer holds its transaction open; another, on other rows, commits at once (a
    shared bump row would make it wait for the first one's commit)."""
    first, second = await connect(), await connect()
    start = await _version(first)
    transaction = first.transaction()
    await transaction.start()
    await first.execute(PUBLIC_WRITE)
    await second.execute("SET lock_timeout = '1s'")
    await asyncio.wait_for(second.execute(OTHER_PUBLIC_WRITE), timeout=5)
    assert _sum(await _version(second)) == _sum(start) + 1
    await transaction.commit()
    assert _sum(await _version(second)) == _sum(start) + 2


async def test_compaction_folds_rows_of_gone_backends_and_keeps_the_version(
    connect: Connect, session: AsyncSession
) -> None:
    writers = [await connect() for _ in range(3)]
    for writer in writers:
        await writer.execute(PUBLIC_WRITE)
    reader = await connect()
    before = await _version(reader)
    rows_before = await reader.fetchval("SELECT count(*) FROM data_versions")
    for writer in writers:
        await writer.close()
    await asyncio.sleep(0.2)  # let the backends leave pg_stat_activity
    folded = await data_versions.compact(session)
    await session.commit()
    assert folded >= len(writers)
    assert await _version(reader) == before
    rows_after = await reader.fetchval("SELECT count(*) FROM data_versions")
    assert rows_after <= rows_before - len(writers) + 1
    assert await reader.fetchval("SELECT bumps FROM data_versions WHERE backend_pid = 0") > 0
