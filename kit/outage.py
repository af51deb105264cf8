"""Telling a database outage from a bug, and saying so once per outage.

An outage is the server gone (crashed, restarting, in recovery, unreachable) or a connection
to it broken; a request caught in one is answered 503 with ``Retry-After`` and the stable code
``DATABASE_UNAVAILABLE``, not 500, and the connection it held is never handed out again. The
log gets one warning when an outage begins and one line when the database is back, not a
traceback per request.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Iterator

import asyncpg
from sqlalchemy.exc import DBAPIError, DisconnectionError

logger = logging.getLogger("grassroots.database")

DATABASE_UNAVAILABLE = "DATABASE_UNAVAILABLE"
RETRY_AFTER_SECONDS = 1
UNAVAILABLE_MESSAGE = "The database is unavailable; retry shortly."


class DatabaseUnavailable(Exception):
    """Raised at a request boundary that saw an outage inside (e.g. in a GraphQL resolver)."""


# What only a lost server or a broken connection raises (not a statement timeout, class 57014):
# class 08 (connection exception), 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot
# connect now (starting up, in recovery), a closed connection, and a connection whose protocol
# was left mid-operation ("cannot switch to state …").
CONNECTION_FAILURES: tuple[type[BaseException], ...] = (
    ConnectionError,  # refused, reset by peer
    TimeoutError,  # connecting timed out
    asyncpg.PostgresConnectionError,
    asyncpg.AdminShutdownError,
    asyncpg.CrashShutdownError,
    asyncpg.CannotConnectNowError,
    asyncpg.ConnectionDoesNotExistError,
    asyncpg.InternalClientError,
    DisconnectionError,
    DatabaseUnavailable,
)
# asyncpg's InterfaceError also reports misuse (a wrong argument count): only these messages
# say the connection is unusable.
BROKEN_CONNECTION_MESSAGES = ("connection is closed", "another operation is in progress")
CHAIN_DEPTH_MAX = 16
DRIVER_PATH_PART = f"{os.sep}asyncpg{os.sep}"


def is_connection_failure(error: BaseException) -> bool:
    """Whether ``error`` (or what caused it) means the database or the connection is gone."""
    for link in _chain(error):
        if isinstance(link, CONNECTION_FAILURES):
            return True
        if isinstance(link, asyncpg.InterfaceError) and _says_broken(link):
            return True
        if isinstance(link, OSError) and _raised_in_driver(link):  # e.g. the socket file gone
            return True
        if isinstance(link, DBAPIError) and link.connection_invalidated:
            return True
    return False


def _says_broken(error: asyncpg.InterfaceError) -> bool:
    message = str(error)
    return any(phrase in message for phrase in BROKEN_CONNECTION_MESSAGES)


def _raised_in_driver(error: OSError) -> bool:
    """Whether the driver raised it (connecting, reading, writing), not our own file access."""
    traceback = error.__traceback__
    while traceback is not None:
        if DRIVER_PATH_PART in traceback.tb_frame.f_code.co_filename:
            return True
        traceback = traceback.tb_next
    return False


def _chain(error: BaseException) -> Iterator[BaseException]:
    """The error, what it wraps (SQLAlchemy's ``orig``) and its causes, a bounded walk."""
    seen: set[int] = set()
    pending: list[BaseException] = [error]
    while pending and len(seen) < CHAIN_DEPTH_MAX:
        link = pending.pop()
        if id(link) in seen:
            continue
        seen.add(id(link))
        yield link
        wrapped = [getattr(link, "orig", None), link.__cause__, link.__context__]
        pending.extend(item for item in wrapped if isinstance(item, BaseException))


class OutageLog:
    """Per process: one warning when an outage begins, one line when it ends."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._since: float | None = None

    @property
    def down(self) -> bool:
        return self._since is not None

    def failed(self, error: BaseException) -> None:
        with self._lock:
            if self._since is not None:
                return
            self._since = time.monotonic()
        logger.warning(
            "database unavailable (%s: %s); answering 503 until it is back",
            type(error).__name__,
            str(error).strip()[:200],
        )

    def recovered(self) -> None:
        with self._lock:
            if self._since is None:
                return
            seconds = time.monotonic() - self._since
            self._since = None
        logger.warning("database available again after %.1f s", seconds)


outage_log = OutageLog()
