"""Goal: an outage is told from a bug: a lost server or broken connection counts (however
SQLAlchemy wraps it), a statement timeout, a misused driver or our own missing file does not;
and an outage is logged once when it begins and once when it ends, not once per failure.

Method: the classifier on real exception objects (asyncpg's, SQLAlchemy's, an OSError raised
inside asyncpg's connect against a socket that does not exist), and the log with caplog.
"""

from __future__ import annotations

import logging
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.exc import DBAPIError

from kit.outage import OutageLog, is_connection_failure


def _chained(error: BaseException, cause: BaseException) -> BaseException:
    error.__cause__ = cause
    return error


async def _missing_socket_error(tmp_path: Path) -> OSError:
    try:
        await asyncpg.connect(host=str(tmp_path), user="nobody", database="none")
    except OSError as error:
        return error
    raise AssertionError("connected to nothing")


@pytest.mark.parametrize(
    "error",
    [
        ConnectionRefusedError(111, "Connection refused"),
        asyncpg.CannotConnectNowError("the database system is starting up"),
        asyncpg.CrashShutdownError("terminating connection because of crash"),
        asyncpg.ConnectionDoesNotExistError("connection was closed in the middle of operation"),
        asyncpg.InterfaceError("cannot perform operation: connection is closed"),
        asyncpg.InternalClientError("cannot switch to state 15; another operation is in progress"),
        DBAPIError("BEGIN", None, Exception("gone"), connection_invalidated=True),
        _chained(RuntimeError("while settling"), ConnectionResetError(104, "reset")),
    ],
    ids=type,
)
def test_outages_count(error: BaseException) -> None:
    assert is_connection_failure(error)


@pytest.mark.parametrize(
    "error",
    [
        asyncpg.QueryCanceledError("canceling statement due to statement timeout"),
        asyncpg.InterfaceError("the server expects 2 arguments for this query, 1 was passed"),
        asyncpg.UniqueViolationError("duplicate key value"),
        FileNotFoundError(2, "No such file or directory"),
        DBAPIError("SELECT", None, Exception("syntax"), connection_invalidated=False),
        ValueError("a bug"),
    ],
    ids=type,
)
def test_bugs_and_refusals_do_not(error: BaseException) -> None:
    assert not is_connection_failure(error)


async def test_the_driver_failing_to_reach_a_socket_counts(tmp_path: Path) -> None:
    error = await _missing_socket_error(tmp_path)
    assert is_connection_failure(error)


def test_one_line_when_it_begins_and_one_when_it_ends(caplog: pytest.LogCaptureFixture) -> None:
    outage = OutageLog()
    with caplog.at_level(logging.INFO, logger="grassroots.database"):
        outage.recovered()  # no outage yet: nothing to say
        for _ in range(5):
            outage.failed(ConnectionRefusedError(111, "Connection refused"))
        assert outage.down
        outage.recovered()
        outage.recovered()
    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 2, messages
    assert messages[0].startswith("database unavailable (ConnectionRefusedError")
    assert messages[1].startswith("database available again after")
    assert not outage.down
