"""Counting SQL statements per unit of work, to prove the absence of N+1 queries.

SQLAlchemy's statements are counted by its ``before_cursor_execute`` event; those our hot paths
send straight to the driver are counted by ``kit.driver``'s proxy. Transaction control (BEGIN,
COMMIT) is not counted on either path.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine


@dataclass
class StatementCounter:
    count: int = 0


current_counter: ContextVar[StatementCounter | None] = ContextVar("current_counter", default=None)


def _before_cursor_execute(*_args: Any, **_kwargs: Any) -> None:
    counter = current_counter.get()
    if counter is not None:
        counter.count += 1


def install(engine: AsyncEngine) -> None:
    """Count every statement run on ``engine`` into the context's current counter."""
    if not event.contains(engine.sync_engine, "before_cursor_execute", _before_cursor_execute):
        event.listen(engine.sync_engine, "before_cursor_execute", _before_cursor_execute)
