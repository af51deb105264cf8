"""The asyncpg connection under the caller's session, for hot paths (ledger, redemption, auth).

Going through SQLAlchemy costs about 0.3 ms of Python per statement, more than a statement's
round trip on a local server; the hot path therefore speaks asyncpg directly, on the very
connection and database transaction of the caller's ``AsyncSession``. The session commits or
rolls back as usual.

This is the only module that touches SQLAlchemy's private adapter attributes (a test scans the
source tree for them, and ``sqlalchemy`` is capped below its next minor version): every other
module reaches the driver through ``driver_connection`` or ``run_in_transaction_sync``, which
begin the transaction and count statements.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar, cast

import asyncpg
from sqlalchemy import Connection, event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from kit.statement_counter import current_counter

T = TypeVar("T")


async def driver_connection(session: AsyncSession, *, begin: bool = True) -> asyncpg.Connection:
    """The session's asyncpg connection, inside the session's (started) transaction.

    SQLAlchemy's asyncpg adapter sends BEGIN lazily, on its first statement; statements sent
    to the driver before that would run outside any transaction. So the transaction is started
    here through the adapter itself, which then commits it. (Private adapter API: pinned by
    ``tests/ledger/test_connection.py``.)

    ``begin=False`` is for a single read statement: it runs in the session's transaction if
    one has begun, else on its own, which spares a request that only reads the BEGIN and
    COMMIT round trips (the adapter commits only a transaction it started).
    """
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    adapted = cast(Any, raw.dbapi_connection)
    if begin:
        await _begin(adapted)
    driver: asyncpg.Connection = adapted._connection
    return _counted(driver)


async def fetch_value_outside_transaction(engine: AsyncEngine, sql: str) -> Any:
    """One statement's first value on a pooled connection, in no transaction (SQLAlchemy's own
    API always begins one: here a read costs one round trip, not three)."""
    async with engine.connect() as connection:
        raw = await connection.get_raw_connection()
        driver: Any = raw.driver_connection
        return await driver.fetchval(sql)


async def fetch_outside_transaction(engine: AsyncEngine, sql: str, *args: Any) -> list[Any]:
    """One statement's rows on a pooled connection, in no transaction: the statement is its
    own transaction (one round trip; counted like the session's statements)."""
    async with engine.connect() as connection:
        raw = await connection.get_raw_connection()
        driver = _counted(cast(asyncpg.Connection, raw.driver_connection))
        return list(await driver.fetch(sql, *args))


def run_in_transaction_sync(
    connection: Connection, work: Callable[[asyncpg.Connection], Awaitable[T]]
) -> T:
    """``work`` on the driver under a synchronous SQLAlchemy ``connection`` (event listeners),
    inside its database transaction, which is started here if it has not begun (as above)."""
    adapted = cast(Any, connection.connection.dbapi_connection)

    async def run(driver: asyncpg.Connection) -> T:
        await _begin(adapted)
        return await work(_counted(driver))

    result: T = adapted.run_async(run)
    return result


async def _begin(adapted: Any) -> None:
    """Start the adapter's transaction unless it has begun (the adapter then commits it)."""
    if adapted._transaction is None:
        await adapted._start_transaction()
        assert adapted._transaction is not None, "the ledger never runs in autocommit"


def install_liveness_check(engine: AsyncEngine) -> None:
    """Never hand out a pooled connection the driver already knows is closed.

    A crashed or restarted server closes every idle connection; the driver notices at once
    (it reads the socket's end) but the pool does not, and statements sent on the hot path go
    to the driver, past SQLAlchemy's disconnect detection. This check reads the driver's flag
    on checkout, with no round trip; ``pool_pre_ping`` would cost a ``SELECT 1`` (and, with
    asyncpg, a BEGIN and ROLLBACK around it) per request. The pool replaces a closed
    connection with a fresh one (``DisconnectionError``), up to three times.
    """

    def check(adapted: Any, _record: Any, _proxy: Any) -> None:
        if adapted._connection.is_closed():
            raise DisconnectionError("the driver's connection is closed")

    event.listen(engine.sync_engine, "checkout", check)


def _counted(driver: asyncpg.Connection) -> asyncpg.Connection:
    """The driver itself or, while statements are being counted (``kit.statement_counter``), a
    proxy that counts each statement sent through it, as SQLAlchemy's are counted."""
    counter = current_counter.get()
    return driver if counter is None else cast(asyncpg.Connection, _CountingDriver(driver))


class _CountingDriver:
    """Counts the statements our code sends (not the driver's own type introspection)."""

    def __init__(self, driver: asyncpg.Connection) -> None:
        self._driver = driver

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._driver, name)
        if name in COUNTED_METHODS:
            counter = current_counter.get()
            if counter is not None:
                counter.count += 1
        return attribute


COUNTED_METHODS = frozenset(
    {"execute", "executemany", "fetch", "fetchrow", "fetchval", "copy_records_to_table"}
)
