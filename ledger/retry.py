"""Retrying a database transaction on serialization failures and deadlocks.

The caller owns the transaction, so the retry loop wraps the whole unit of work: ``fn`` is run
in a fresh session each attempt and committed by ``session_scope``.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from typing import TypeVar

import asyncpg
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kit.database import session_scope

T = TypeVar("T")

ATTEMPTS_MAX = 10
BACKOFF_BASE_SECONDS = 0.005
BACKOFF_CAP_SECONDS = 0.5
SERIALIZATION_FAILURE = "40001"
DEADLOCK_DETECTED = "40P01"
UNIQUE_VIOLATION = "23505"
# Two first attempts under one transfer id on disjoint accounts meet on a primary key; the retry
# then reads the committed one and reports EXISTS or EXISTS_WITH_DIFFERENT_FIELDS.
RETRYABLE_CONSTRAINTS = frozenset({"pk_transfers", "pk_transfer_failures"})


def _driver_error(error: BaseException) -> BaseException:
    """The asyncpg error itself, whether raised bare (the ledger's hot path speaks asyncpg)
    or wrapped by SQLAlchemy (``DBAPIError.orig``, whose cause is the asyncpg error)."""
    if isinstance(error, DBAPIError) and error.orig is not None:
        return error.orig.__cause__ or error.orig
    return error


def is_retryable(error: BaseException) -> bool:
    driver_error = _driver_error(error)
    sqlstate = getattr(driver_error, "sqlstate", None)
    if sqlstate in (SERIALIZATION_FAILURE, DEADLOCK_DETECTED):
        return True
    constraint = getattr(driver_error, "constraint_name", None)
    return sqlstate == UNIQUE_VIOLATION and constraint in RETRYABLE_CONSTRAINTS


def backoff_seconds(attempt: int) -> float:
    """Full jitter: uniform in [0, min(cap, base * 2**attempt)] (AWS architecture blog)."""
    return random.uniform(0, min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2**attempt))  # noqa: S311


async def run_in_transaction(
    session_factory: async_sessionmaker[AsyncSession],
    fn: Callable[[AsyncSession], Awaitable[T]],
    *,
    attempts: int = 5,
) -> T:
    """Run ``fn`` in a new database transaction, retrying retryable failures with jitter."""
    assert 0 < attempts <= ATTEMPTS_MAX
    for attempt in range(attempts):
        try:
            async with session_scope(session_factory) as session:
                return await fn(session)
        except (DBAPIError, asyncpg.PostgresError) as error:
            if attempt == attempts - 1 or not is_retryable(error):
                raise
        await asyncio.sleep(backoff_seconds(attempt))
    raise AssertionError("unreachable: the last attempt returns or raises")
